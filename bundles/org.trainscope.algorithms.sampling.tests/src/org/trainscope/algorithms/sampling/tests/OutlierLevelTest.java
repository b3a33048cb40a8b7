package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PathIsolation;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;

/** The outlier colour marks the stated fraction of the most isolated paths, whatever the data. */
class OutlierLevelTest {
    private static final int WIDTH = 200;
    private static final int HEIGHT = 100;
    private static final int LENGTH = 40;

    @Test
    void isolationIsTheMeanGapToTheNearestOtherPolylineOverTheMostIsolatedTenthOfColumns() {
        int width = 11;
        int height = 20;
        // three flat lines on 11 points, one per column: rows 2, 5 and 15
        int[][] lines = { rows(11, 2), rows(11, 5), rows(11, 15) };
        PathIsolation isolation = isolation(lines, width, height);
        assertEquals(3, isolation.of(lines[0])); // 3 rows from the line at 5, in every column
        assertEquals(3, isolation.of(lines[1]));
        assertEquals(10, isolation.of(lines[2])); // 10 rows from the line at 5
        // a line alone in its column: the chart height
        PathIsolation alone = isolation(new int[][] { rows(11, 7) }, width, height);
        assertEquals(height, alone.of(rows(11, 7)));
        // a line sharing pixels with another is at 0 there: two identical lines
        PathIsolation twins = isolation(new int[][] { rows(11, 7), rows(11, 7) }, width, height);
        assertEquals(0, twins.of(rows(11, 7)));
        assertEquals(PathIsolation.NOT_DRAWN, alone.of(new int[] { Integer.MIN_VALUE, 3, Integer.MIN_VALUE }));
    }

    @Test
    void onlyTheMostIsolatedTenthOfTheColumnsCounts() {
        int width = 21;
        int height = 40;
        // a line at row 10 that rises to row 0 over its last two columns (10 % of 21 points, rounded
        // up, is 3 columns), beside a flat line at row 12
        int[] riser = rows(21, 10);
        riser[19] = 0;
        riser[20] = 0;
        PathIsolation isolation = isolation(new int[][] { riser, rows(21, 12) }, width, height);
        // the riser covers rows 0..10 in column 18 (the segment to column 19), gap 2; columns 19
        // and 20 hold it at row 0, 12 rows above the other line: (2 + 12 + 12) / 3
        assertEquals(26 / 3.0, isolation.of(riser), 1e-9);
    }

    @Test
    void isolationMatchesTheDrawnPixelsOnRandomCharts() {
        Random random = new Random(17);
        int width = 61;
        int height = 37;
        for (int len : new int[] { 7, 25, 150 }) { // points wider apart than a pixel, and closer
            int n = 40;
            int[][] lines = new int[n][len];
            for (int[] ys : lines) {
                for (int j = 0; j < len; j++) {
                    ys[j] = random.nextInt(12) == 0 ? Integer.MIN_VALUE : random.nextInt(height);
                }
            }
            PathIsolation isolation = isolation(lines, width, height);
            int[] density = densityOf(lines, width, height);
            for (int[] ys : lines) {
                assertEquals(reference(ys, density, width, height), isolation.of(ys), 1e-9);
            }
        }
    }

    /**
     * The isolation from the drawing itself: each column's own pixels as rasterise draws them, the
     * span from the topmost to the bottommost, shared when a pixel of the span counts another line.
     */
    private static double reference(int[] ys, int[] density, int width, int height) {
        int[] own = new int[width * height];
        PolylineDensity.rasterise(ys, (width - 1) / (ys.length - 1.0), width, height, own, new int[width * height], 1);
        List<Integer> gaps = new ArrayList<>();
        for (int x = 0; x < width; x++) {
            int top = -1;
            int bottom = -1;
            boolean shared = false;
            for (int y = 0; y < height; y++) {
                if (own[y * width + x] > 0) {
                    top = top < 0 ? y : top;
                    bottom = y;
                }
            }
            if (top < 0) {
                continue;
            }
            for (int y = top; y <= bottom; y++) {
                shared |= density[y * width + x] > 1;
            }
            int gap = height;
            for (int y = 0; y < height; y++) {
                if ((y < top || y > bottom) && density[y * width + x] > 0) {
                    gap = Math.min(gap, y < top ? top - y : y - bottom);
                }
            }
            gaps.add(shared ? 0 : gap);
        }
        if (gaps.isEmpty()) {
            return PathIsolation.NOT_DRAWN;
        }
        Collections.sort(gaps, Collections.reverseOrder());
        int tenth = (gaps.size() + 9) / 10;
        return gaps.stream().limit(tenth).mapToInt(Integer::intValue).sum() / (double) tenth;
    }

    private static int[] rows(int len, int row) {
        int[] ys = new int[len];
        java.util.Arrays.fill(ys, row);
        return ys;
    }

    private static int[] densityOf(int[][] lines, int width, int height) {
        int[] density = new int[width * height];
        int[] stamp = new int[width * height];
        for (int i = 0; i < lines.length; i++) {
            PolylineDensity.rasterise(lines[i], (width - 1) / (lines[i].length - 1.0), width, height, density, stamp,
                    i + 1);
        }
        return density;
    }

    private static PathIsolation isolation(int[][] lines, int width, int height) {
        return new PathIsolation(densityOf(lines, width, height), width, height, lines[0].length);
    }

    /** {@code n} lines wandering in a band around 0, and {@code outliers} of them leaving it. */
    private static float[] bandWithExcursions(int n, int[] outliers, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n * LENGTH];
        for (int i = 0; i < n; i++) {
            // uniform, so that the band has no stray lines of its own
            float base = random.nextFloat() - 0.5f;
            for (int j = 0; j < LENGTH; j++) {
                v[i * LENGTH + j] = base + (float) (0.1 * random.nextGaussian());
            }
        }
        for (int k = 0; k < outliers.length; k++) {
            int i = outliers[k];
            // each outlier leaves the band for the second half on a path of its own
            for (int j = LENGTH / 2; j < LENGTH; j++) {
                v[i * LENGTH + j] = 4 + 6f * k / outliers.length + (j - LENGTH / 2) * 0.05f * (k % 3 - 1);
            }
        }
        return v;
    }

    private static PathIsolation isolation(PolylineSource source, PolylineDensity.YAxis axis) {
        return new PathIsolation(PolylineDensity.density(source, axis, WIDTH, HEIGHT, new NullProgressMonitor()),
                WIDTH, HEIGHT, source.length());
    }

    private static int outliersAmongAll(PolylineSource source, PolylineDensity.YAxis axis, PathIsolation isolation,
            OutlierLevel level, boolean[] flagged) {
        int len = source.length();
        float[] line = new float[len];
        int[] ys = new int[len];
        int count = 0;
        for (int i = 0; i < source.polylineCount(); i++) {
            source.read(i, 1, line);
            PolylineDensity.toRows(line, 0, len, axis, HEIGHT, ys);
            flagged[i] = level.isOutlier(isolation.of(ys));
            count += flagged[i] ? 1 : 0;
        }
        return count;
    }

    @Test
    void withOnePercentOfLinesLeavingTheBulkExactlyThoseAreOutliers() {
        int n = 2000;
        int[] planted = new int[20];
        for (int k = 0; k < planted.length; k++) {
            planted[k] = 37 + 97 * k;
        }
        PolylineSource source = new InMemoryPolylineSource(bandWithExcursions(n, planted, 5), n, LENGTH);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-2.5, 10.5, false);
        PathIsolation isolation = isolation(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, isolation, 0.01, 5000, 1,
                new NullProgressMonitor());
        assertEquals(n, level.estimated());
        boolean[] flagged = new boolean[n];
        // 1 % of 2,000 are the 20 planted
        int count = outliersAmongAll(source, axis, isolation, level, flagged);
        for (int i : planted) {
            assertTrue(flagged[i], "planted outlier " + i);
        }
        assertEquals(planted.length, count);
    }

    @Test
    void aLineFarOffForHalfTheChartOutranksLinesAloneOnlyWhereAFanEnds() {
        // as in a VAE that blows up: 256 lines of 11 points start together and fan out, each alone
        // near its last point; one climbs far above them, steeply, from the middle on
        int n = 256;
        int len = 11;
        Random random = new Random(5);
        float[] v = new float[n * len];
        for (int i = 0; i < n; i++) {
            float slope = (float) (random.nextDouble() * 0.9);
            for (int j = 0; j < len; j++) {
                v[i * len + j] = slope * j + (float) (0.05 * random.nextGaussian());
            }
        }
        int far = 77;
        for (int j = 3; j < len; j++) {
            v[far * len + j] = Math.min(16, 4 * (j - 2));
        }
        PolylineSource source = new InMemoryPolylineSource(v, n, len);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(0, 16, false);
        PathIsolation isolation = isolation(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, isolation, 0.01, 5000, 1,
                new NullProgressMonitor());
        boolean[] flagged = new boolean[n];
        int count = outliersAmongAll(source, axis, isolation, level, flagged);
        assertTrue(flagged[far], "the far-off line");
        assertTrue(count <= 2, count + " outliers among 256, where 1 % is 2.56");
    }

    @Test
    void aLevelEstimatedFromASubsampleFlagsAtMostAboutTheStatedFractionAndTheFarOffLines() {
        int n = 40_000;
        int[] planted = { 4_321, 17_000, 23_456, 31_002, 39_999 };
        Random random = new Random(3);
        float[] v = new float[n * LENGTH];
        for (int i = 0; i < n; i++) {
            float base = random.nextFloat() - 0.5f;
            for (int j = 0; j < LENGTH; j++) {
                v[i * LENGTH + j] = base + (float) (0.1 * random.nextGaussian());
            }
        }
        for (int k = 0; k < planted.length; k++) {
            for (int j = LENGTH / 2; j < LENGTH; j++) {
                v[planted[k] * LENGTH + j] = 4 + 2 * k; // far from the band and from each other
            }
        }
        PolylineSource source = new InMemoryPolylineSource(v, n, LENGTH);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-2.5, 14, false);
        PathIsolation isolation = isolation(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, isolation, 0.01, 5000, 7,
                new NullProgressMonitor());
        assertTrue(level.estimated() >= 5000 && level.estimated() < 5000 + 64, "estimated from " + level.estimated());
        boolean[] flagged = new boolean[n];
        int count = outliersAmongAll(source, axis, isolation, level, flagged);
        assertTrue(count <= 0.016 * n, count + " of " + n + " flagged");
        for (int i : planted) {
            assertTrue(flagged[i], "planted outlier " + i);
        }
        // the same seed gives the same level
        assertEquals(level, OutlierLevel.estimate(source, axis, HEIGHT, isolation, 0.01, 5000, 7,
                new NullProgressMonitor()));
    }

    @Test
    void identicalLinesHaveNoOutliersAndUndrawnLinesAreNeverOutliers() {
        int n = 500;
        float[] v = new float[n * LENGTH];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < LENGTH; j++) {
                v[i * LENGTH + j] = (float) Math.sin(j / 5.0);
            }
        }
        for (int j = 0; j < LENGTH; j++) {
            v[j] = Float.NaN; // polyline 0 is never finite
        }
        PolylineSource source = new InMemoryPolylineSource(v, n, LENGTH);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-1, 1, false);
        PathIsolation isolation = isolation(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, isolation, 0.01, 5000, 1,
                new NullProgressMonitor());
        assertEquals(n - 1, level.estimated());
        assertEquals(0, outliersAmongAll(source, axis, isolation, level, new boolean[n]));
        assertFalse(level.isOutlier(PathIsolation.NOT_DRAWN));
    }
}
