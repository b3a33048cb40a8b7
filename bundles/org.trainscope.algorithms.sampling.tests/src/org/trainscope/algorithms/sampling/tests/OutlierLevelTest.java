package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PathSparseness;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;

/** The outlier colour marks the stated fraction of the sparsest paths, whatever the data. */
class OutlierLevelTest {
    private static final int WIDTH = 200;
    private static final int HEIGHT = 100;
    private static final int LENGTH = 40;

    @Test
    void sparsenessIsTheMeanNeighbourhoodDensityUnderTheSparsestTenthOfTheFinitePoints() {
        int width = 20;
        int height = 10;
        int[] density = new int[width * height];
        density[5 * width + 10] = 7; // one busy pixel at x 10, y 5
        PathSparseness sparseness = new PathSparseness(density, width, height, 20);
        int[] row5 = new int[20];
        java.util.Arrays.fill(row5, 5);
        // points at x 7..13 are within 3 pixels of it (7 each), the other 13 are not (0): the
        // sparsest tenth of 20 points is two points of 0
        assertEquals(0, sparseness.of(row5));
        int[] near = row5.clone();
        for (int j = 0; j < 20; j++) {
            if (j < 8 || j > 12) {
                near[j] = Integer.MIN_VALUE;
            }
        }
        assertEquals(7, sparseness.of(near));
        int[] edge = near.clone();
        edge[12] = 9; // 4 rows below: outside the neighbourhood; a tenth of 5 points is one point
        assertEquals(0, sparseness.of(edge));
        assertEquals(PathSparseness.NOT_DRAWN, sparseness.of(new int[] { Integer.MIN_VALUE, Integer.MIN_VALUE }));
    }

    @Test
    void sparsenessMatchesABruteForceCountOnRandomCharts() {
        Random random = new Random(17);
        int width = 61;
        int height = 37;
        int len = 25;
        int[] density = new int[width * height];
        for (int p = 0; p < density.length; p++) {
            density[p] = random.nextInt(4) == 0 ? random.nextInt(50) : 0;
        }
        PathSparseness sparseness = new PathSparseness(density, width, height, len);
        double xStep = (width - 1) / (len - 1.0);
        for (int trial = 0; trial < 50; trial++) {
            int[] ys = new int[len];
            java.util.List<Integer> under = new java.util.ArrayList<>();
            for (int j = 0; j < len; j++) {
                ys[j] = random.nextInt(10) == 0 ? Integer.MIN_VALUE : random.nextInt(height);
                if (ys[j] != Integer.MIN_VALUE) {
                    int x = (int) Math.round(j * xStep);
                    int sum = 0;
                    for (int yy = ys[j] - 3; yy <= ys[j] + 3; yy++) {
                        for (int xx = x - 3; xx <= x + 3; xx++) {
                            if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                                sum += density[yy * width + xx];
                            }
                        }
                    }
                    under.add(sum);
                }
            }
            java.util.Collections.sort(under);
            int tenth = (under.size() + 9) / 10;
            double expected = under.stream().limit(tenth).mapToInt(Integer::intValue).sum() / (double) tenth;
            assertEquals(expected, sparseness.of(ys), 1e-9);
        }
    }

    /** {@code n} lines wandering in a band around 0, and {@code outliers} of them leaving it. */
    private static float[] bandWithExcursions(int n, int[] outliers, long seed) {
        Random random = new Random(seed);
        float[] v = new float[n * LENGTH];
        for (int i = 0; i < n; i++) {
            // uniform, so that the band has no sparse tails of its own
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

    private static PathSparseness sparseness(PolylineSource source, PolylineDensity.YAxis axis) {
        return new PathSparseness(PolylineDensity.density(source, axis, WIDTH, HEIGHT, new NullProgressMonitor()),
                WIDTH, HEIGHT, LENGTH);
    }

    private static int outliersAmongAll(PolylineSource source, PolylineDensity.YAxis axis, PathSparseness sparseness,
            OutlierLevel level, boolean[] flagged) {
        float[] line = new float[LENGTH];
        int[] ys = new int[LENGTH];
        int count = 0;
        for (int i = 0; i < source.polylineCount(); i++) {
            source.read(i, 1, line);
            PolylineDensity.toRows(line, 0, LENGTH, axis, HEIGHT, ys);
            flagged[i] = level.isOutlier(sparseness.of(ys));
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
        PathSparseness sparseness = sparseness(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, sparseness, 0.01, 5000, 1,
                new NullProgressMonitor());
        assertEquals(n, level.estimated());
        boolean[] flagged = new boolean[n];
        // the level lies between the planted lines and the band: 1 % of 2,000 are the 20 planted
        int count = outliersAmongAll(source, axis, sparseness, level, flagged);
        for (int i : planted) {
            assertTrue(flagged[i], "planted outlier " + i);
        }
        assertEquals(planted.length, count);
    }

    @Test
    void amongAFewHundredLinesTheFarOffOnesAreTheOutliers() {
        // 300 random walks fanning out over the chart, so that most of them are alone in some
        // pixel, and three that leave the fan for the second half: those three must still be told
        // apart from the rest
        int n = 300;
        int[] planted = { 40, 150, 260 };
        Random random = new Random(21);
        float[] v = new float[n * LENGTH];
        for (int i = 0; i < n; i++) {
            float walk = 0;
            for (int j = 0; j < LENGTH; j++) {
                walk += (float) (0.15 * random.nextGaussian());
                v[i * LENGTH + j] = walk;
            }
        }
        for (int k = 0; k < planted.length; k++) {
            for (int j = LENGTH / 2; j < LENGTH; j++) {
                v[planted[k] * LENGTH + j] = 6 + 2 * k + 0.05f * (j - LENGTH / 2);
            }
        }
        PolylineSource source = new InMemoryPolylineSource(v, n, LENGTH);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-4, 12, false);
        PathSparseness sparseness = sparseness(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, sparseness, 0.01, 5000, 1,
                new NullProgressMonitor());
        boolean[] flagged = new boolean[n];
        assertEquals(3, outliersAmongAll(source, axis, sparseness, level, flagged));
        for (int i : planted) {
            assertTrue(flagged[i], "planted outlier " + i);
        }
    }

    @Test
    void aLevelEstimatedFromASubsampleFlagsAboutTheStatedFractionOfAll() {
        int n = 40_000;
        Random random = new Random(3);
        int[] planted = random.ints(0, n).distinct().limit(800).sorted().toArray(); // 2 % leave the band
        PolylineSource source = new InMemoryPolylineSource(bandWithExcursions(n, planted, 9), n, LENGTH);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-2.5, 10.5, false);
        PathSparseness sparseness = sparseness(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, sparseness, 0.01, 5000, 7,
                new NullProgressMonitor());
        assertTrue(level.estimated() >= 5000 && level.estimated() < 5000 + 64, "estimated from " + level.estimated());
        int count = outliersAmongAll(source, axis, sparseness, level, new boolean[n]);
        assertTrue(count >= 0.004 * n && count <= 0.016 * n, count + " of " + n + " flagged");
        // the same seed gives the same level
        assertEquals(level, OutlierLevel.estimate(source, axis, HEIGHT, sparseness, 0.01, 5000, 7,
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
        PathSparseness sparseness = sparseness(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, HEIGHT, sparseness, 0.01, 5000, 1,
                new NullProgressMonitor());
        assertEquals(n - 1, level.estimated());
        assertEquals(0, outliersAmongAll(source, axis, sparseness, level, new boolean[n]));
        assertFalse(level.isOutlier(PathSparseness.NOT_DRAWN));
    }
}
