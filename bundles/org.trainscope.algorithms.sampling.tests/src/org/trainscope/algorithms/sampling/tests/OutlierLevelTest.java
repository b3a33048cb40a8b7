package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;

/** The outlier colour marks the stated fraction of the sparsest paths, whatever the data. */
class OutlierLevelTest {
    private static final int WIDTH = 200;
    private static final int HEIGHT = 100;
    private static final int LENGTH = 40;

    @Test
    void sparsenessIsTheTenthPercentileOfTheDensityUnderTheFinitePoints() {
        int width = 4;
        // density of a 4 x 3 chart, row-major
        int[] density = { 9, 8, 7, 6, //
                5, 4, 3, 2, //
                1, 0, 10, 11 };
        // points at columns 0..3 (xStep 1), rows 0, 1, 2 and non-finite: under them 9, 4, 10
        int[] ys = { 0, 1, 2, Integer.MIN_VALUE };
        assertEquals(4, OutlierLevel.sparseness(ys, 1, width, density));
        assertEquals(OutlierLevel.NOT_DRAWN,
                OutlierLevel.sparseness(new int[] { Integer.MIN_VALUE, Integer.MIN_VALUE }, 1, width, density));
        // eleven points: the 10th percentile is the second smallest
        int[] eleven = new int[11];
        int[] wide = new int[11 * 2];
        for (int j = 0; j < 11; j++) {
            wide[j] = 100 - j; // row 0
        }
        assertEquals(91, OutlierLevel.sparseness(eleven, 1, 11, wide));
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

    private static int[] density(PolylineSource source, PolylineDensity.YAxis axis) {
        return PolylineDensity.density(source, axis, WIDTH, HEIGHT, new NullProgressMonitor());
    }

    private static int outliersAmongAll(PolylineSource source, PolylineDensity.YAxis axis, int[] density,
            OutlierLevel level, boolean[] flagged) {
        float[] line = new float[LENGTH];
        int[] ys = new int[LENGTH];
        int count = 0;
        for (int i = 0; i < source.polylineCount(); i++) {
            source.read(i, 1, line);
            PolylineDensity.toRows(line, 0, LENGTH, axis, HEIGHT, ys);
            flagged[i] = level.isOutlier(OutlierLevel.sparseness(ys, (WIDTH - 1) / (LENGTH - 1.0), WIDTH, density));
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
        int[] density = density(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, WIDTH, HEIGHT, density, 0.01, 5000, 1,
                new NullProgressMonitor());
        assertEquals(n, level.estimated());
        boolean[] flagged = new boolean[n];
        // the level lies between the planted lines and the band: 1 % of 2,000 are the 20 planted
        int count = outliersAmongAll(source, axis, density, level, flagged);
        for (int i : planted) {
            assertTrue(flagged[i], "planted outlier " + i);
        }
        assertEquals(planted.length, count);
    }

    @Test
    void aLevelEstimatedFromASubsampleFlagsAboutTheStatedFractionOfAll() {
        int n = 40_000;
        Random random = new Random(3);
        int[] planted = random.ints(0, n).distinct().limit(800).sorted().toArray(); // 2 % leave the band
        PolylineSource source = new InMemoryPolylineSource(bandWithExcursions(n, planted, 9), n, LENGTH);
        PolylineDensity.YAxis axis = new PolylineDensity.YAxis(-2.5, 10.5, false);
        int[] density = density(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, WIDTH, HEIGHT, density, 0.01, 5000, 7,
                new NullProgressMonitor());
        assertTrue(level.estimated() >= 5000 && level.estimated() < 5000 + 64, "estimated from " + level.estimated());
        int count = outliersAmongAll(source, axis, density, level, new boolean[n]);
        assertTrue(count >= 0.004 * n && count <= 0.016 * n, count + " of " + n + " flagged");
        // the same seed gives the same level
        assertEquals(level, OutlierLevel.estimate(source, axis, WIDTH, HEIGHT, density, 0.01, 5000, 7,
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
        int[] density = density(source, axis);
        OutlierLevel level = OutlierLevel.estimate(source, axis, WIDTH, HEIGHT, density, 0.01, 5000, 1,
                new NullProgressMonitor());
        assertEquals(n - 1, level.estimated());
        assertEquals(0, outliersAmongAll(source, axis, density, level, new boolean[n]));
        assertFalse(level.isOutlier(OutlierLevel.NOT_DRAWN));
    }
}
