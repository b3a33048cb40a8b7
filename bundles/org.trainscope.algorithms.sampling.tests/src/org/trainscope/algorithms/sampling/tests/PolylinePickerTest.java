package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylinePicker;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * Hover and brush reach every drawn polyline: checked on hand-placed lines and against the drawing
 * itself ({@link PolylineDensity#rasterise}), reading only the points near the asked columns.
 */
class PolylinePickerTest {
    private static final float NAN = Float.NaN;
    /** 11 points on 101 columns (10 apart), values 0..100 on 101 rows: row = 100 - value. */
    private static final PolylinePicker.Chart CHART = new PolylinePicker.Chart(
            new PolylineDensity.YAxis(0, 100, false), 101, 101, 11);

    private static float[] flat(float... levels) {
        float[] v = new float[levels.length * 11];
        for (int i = 0; i < levels.length; i++) {
            Arrays.fill(v, i * 11, (i + 1) * 11, levels[i]);
        }
        return v;
    }

    /** Points [from, to) of every polyline, as a view reads them around a column. */
    private static PolylineSource window(float[] values, int n, int len, int from, int to) {
        float[] w = new float[n * (to - from)];
        for (int i = 0; i < n; i++) {
            System.arraycopy(values, i * len + from, w, i * (to - from), to - from);
        }
        return new InMemoryPolylineSource(w, n, to - from);
    }

    private static PolylinePicker.Hits near(float[] values, int n, PolylinePicker.Chart chart, double x, double y,
            double tolerance) {
        int[] points = chart.pointsAround(x - tolerance, x + tolerance);
        return PolylinePicker.near(window(values, n, chart.length(), points[0], points[1]), points[0], chart, x, y,
                tolerance, new NullProgressMonitor());
    }

    @Test
    void hoverFindsTheLinesWithinTheToleranceNearestFirst() {
        float[] values = flat(55, 50, 47, 54, 20);
        PolylinePicker.Hits hits = near(values, 5, CHART, 35, 50, 4);
        assertArrayEquals(new int[] { 1, 2, 3 }, hits.polylines());
        assertArrayEquals(new double[] { 0, 3, 4 }, hits.distances(), 1e-9);
    }

    @Test
    void aSegmentTouchingANonFiniteValueIsNotDrawnAndNotHit() {
        float[] values = flat(50, 50);
        values[3] = NAN; // polyline 0: segments 2-3 and 3-4 are not drawn
        assertArrayEquals(new int[] { 1 }, near(values, 2, CHART, 30, 50, 2).polylines());
        assertArrayEquals(new int[] { 0, 1 }, near(values, 2, CHART, 50, 50, 2).polylines());
    }

    @Test
    void aSteepSegmentIsHitBetweenItsPoints() {
        float[] values = flat(0);
        values[5] = 100; // rises from row 100 at x 40 to row 0 at x 50
        PolylinePicker.Hits hits = near(values, 1, CHART, 45, 50, 1);
        assertArrayEquals(new int[] { 0 }, hits.polylines());
    }

    @Test
    void aSampledLineWinsANearTieButNotAClearlyNearerLine() {
        PolylinePicker.Hits hits = new PolylinePicker.Hits(new int[] { 7, 3, 9 }, new double[] { 0.5, 1.5, 3.5 });
        assertEquals(3, hits.best(p -> p == 3 || p == 9, 1.5));
        assertEquals(7, hits.best(p -> p == 9, 1.5));
        assertEquals(7, hits.best(p -> false, 1.5));
        assertEquals(-1, new PolylinePicker.Hits(new int[0], new double[0]).best(p -> true, 1));
    }

    @Test
    void aBrushFindsLinesCrossingTheRectangleBetweenTheirPoints() {
        float[] values = flat(90, 10, 50, 50);
        values[2 * 11 + 4] = 90; // polyline 2 peaks at x 40 (row 10) and passes x 35 at about row 30
        values[3 * 11 + 4] = NAN; // polyline 3 has no drawn segment around x 35
        int[] points = CHART.pointsAround(33, 37);
        int[] found = PolylinePicker.crossing(window(values, 4, 11, points[0], points[1]), points[0], CHART, 33, 25,
                37, 35, new NullProgressMonitor());
        assertArrayEquals(new int[] { 2 }, found);
        // a rectangle over the whole chart takes every line with a drawn segment
        assertArrayEquals(new int[] { 0, 1, 2, 3 }, PolylinePicker.crossing(new InMemoryPolylineSource(values, 4, 11),
                0, CHART, 0, 0, 100, 100, new NullProgressMonitor()));
    }

    @Test
    void pickingAgreesWithTheDrawingOnRandomLines() {
        Random random = new Random(11);
        int n = 600;
        int len = 37;
        int width = 300;
        int height = 160;
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-3, 3, false);
        PolylinePicker.Chart chart = new PolylinePicker.Chart(axis, width, height, len);
        float[] values = new float[n * len];
        for (int i = 0; i < n; i++) {
            float v = (float) random.nextGaussian();
            for (int j = 0; j < len; j++) {
                v += (float) (0.3 * random.nextGaussian());
                values[i * len + j] = random.nextInt(200) == 0 ? NAN : v;
            }
        }
        // each polyline's pixels as the chart draws them
        int[][] drawn = new int[n][];
        int[] ys = new int[len];
        for (int i = 0; i < n; i++) {
            int[] counts = new int[width * height];
            PolylineDensity.toRows(values, i * len, len, axis, height, ys);
            PolylineDensity.rasterise(ys, chart.xStep(), width, height, counts);
            drawn[i] = counts;
        }
        for (int probe = 0; probe < 60; probe++) {
            int x = random.nextInt(width);
            int y = random.nextInt(height);
            double tolerance = 4;
            PolylinePicker.Hits hits = near(values, n, chart, x, y, tolerance);
            Set<Integer> found = new HashSet<>();
            Arrays.stream(hits.polylines()).forEach(found::add);
            for (int i = 0; i < n; i++) {
                double pixel = nearestPixel(drawn[i], width, height, x, y);
                if (pixel <= tolerance - 1.5) {
                    assertTrue(found.contains(i), "polyline " + i + " drawn " + pixel + " px from " + x + "," + y);
                }
                if (found.contains(i)) {
                    assertTrue(pixel <= tolerance + 1.5, "polyline " + i + " found but drawn " + pixel + " px away");
                }
            }
            for (int k = 1; k < hits.size(); k++) {
                assertTrue(hits.distances()[k - 1] <= hits.distances()[k]);
            }
            // a brush: found lines are drawn in or at the edge of the rectangle, lines drawn well inside are found
            int x1 = Math.min(width - 1, x + random.nextInt(60));
            int y1 = Math.min(height - 1, y + random.nextInt(40));
            int[] points = chart.pointsAround(x, x1);
            Set<Integer> brushed = new HashSet<>();
            Arrays.stream(PolylinePicker.crossing(window(values, n, len, points[0], points[1]), points[0], chart, x, y,
                    x1, y1, new NullProgressMonitor())).forEach(brushed::add);
            for (int i = 0; i < n; i++) {
                if (drawnIn(drawn[i], width, x + 2, y + 2, x1 - 2, y1 - 2)) {
                    assertTrue(brushed.contains(i), "polyline " + i + " drawn inside the rectangle");
                }
                if (brushed.contains(i)) {
                    assertTrue(drawnIn(drawn[i], width, x - 2, y - 2, x1 + 2, y1 + 2), "polyline " + i);
                }
            }
        }
    }

    @Test
    void pickingStopsWhenCancelled() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> PolylinePicker.near(
                new InMemoryPolylineSource(flat(1, 2), 2, 11), 0, CHART, 5, 5, 3, cancelled));
        assertThrows(OperationCanceledException.class, () -> PolylinePicker.crossing(
                new InMemoryPolylineSource(flat(1, 2), 2, 11), 0, CHART, 5, 5, 9, 9, cancelled));
    }

    @Test
    void theWindowAroundAColumnHoldsTheSegmentsThatReachIt() {
        // points are 10 columns apart: columns 31..39 lie on the segment of points 3-4
        int[] inner = CHART.pointsAround(31, 39);
        assertTrue(inner[0] <= 3 && inner[1] >= 5 && inner[1] - inner[0] <= 5, Arrays.toString(inner));
        // columns 30..40 need the segments that end at points 3 and 4 as well
        int[] exact = CHART.pointsAround(30, 40);
        assertTrue(exact[0] <= 2 && exact[1] >= 6, Arrays.toString(exact));
        // at the chart's edges the window stops at the first and last point
        int[] left = CHART.pointsAround(-4, 4);
        assertTrue(left[0] == 0 && left[1] >= 2, Arrays.toString(left));
        int[] right = CHART.pointsAround(96, 104);
        assertTrue(right[0] <= 9 && right[1] == 11, Arrays.toString(right));
    }

    private static double nearestPixel(int[] counts, int width, int height, int x, int y) {
        double best = Double.POSITIVE_INFINITY;
        for (int yy = Math.max(0, y - 8); yy < Math.min(height, y + 9); yy++) {
            for (int xx = Math.max(0, x - 8); xx < Math.min(width, x + 9); xx++) {
                if (counts[yy * width + xx] > 0) {
                    best = Math.min(best, Math.hypot(xx - x, yy - y));
                }
            }
        }
        return best;
    }

    private static boolean drawnIn(int[] counts, int width, int x0, int y0, int x1, int y1) {
        int height = counts.length / width;
        for (int yy = Math.max(0, y0); yy <= Math.min(height - 1, y1); yy++) {
            for (int xx = Math.max(0, x0); xx <= Math.min(width - 1, x1); xx++) {
                if (counts[yy * width + xx] > 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
