package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * The fast density and batch rasteriser against a plain per-column reference, pixel for pixel,
 * on random polylines with steep jumps and non-finite values, for charts wider and narrower than
 * the polylines (the latter takes the general path).
 */
class PolylineDensityReferenceTest {

    /** Random walks with occasional jumps, NaN and infinite values. */
    private static float[] randomPolylines(Random rnd, int n, int len) {
        float[] v = new float[n * len];
        for (int i = 0; i < n; i++) {
            float y = rnd.nextFloat() * 10;
            for (int j = 0; j < len; j++) {
                double u = rnd.nextDouble();
                y += u < 0.05 ? (float) (rnd.nextGaussian() * 8) : (float) (rnd.nextGaussian() * 0.3);
                v[i * len + j] = u > 0.995 ? Float.NaN : u > 0.993 ? Float.POSITIVE_INFINITY : y;
            }
        }
        return v;
    }

    private static PolylineDensity.YAxis axis(float[] v, boolean symlog) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            if (Float.isFinite(x)) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
        }
        // a slightly narrower range than the data, so some rows are clamped to the edges
        double pad = (hi - lo) * 0.05;
        return new PolylineDensity.YAxis(lo + pad, hi - pad, symlog);
    }

    /**
     * The pixels of one polyline as the documentation of rasterise describes them, column by
     * column with the exact rounded row of each column; a pixel touched twice by the line is
     * counted once when {@code once} is set (the stamp variant), twice otherwise.
     */
    private static void reference(int[] ys, double xStep, int w, int h, int[] counts, boolean once) {
        boolean[] seen = once ? new boolean[w * h] : null;
        for (int j = 0; j + 1 < ys.length; j++) {
            int y0 = ys[j];
            int y1 = ys[j + 1];
            if (y0 == Integer.MIN_VALUE || y1 == Integer.MIN_VALUE) {
                continue;
            }
            int x0 = (int) Math.round(j * xStep);
            int x1 = (int) Math.round((j + 1) * xStep);
            boolean last = j + 2 >= ys.length || ys[j + 2] == Integer.MIN_VALUE;
            int xEnd = Math.min(last || x1 == x0 ? x1 : x1 - 1, w - 1);
            for (int x = x0; x <= xEnd; x++) {
                int ya = x1 == x0 ? y1 : rowAt(x, x0, x1, y0, y1);
                int yb = x1 == x0 ? y1 : rowAt(Math.min(x + 1, x1), x0, x1, y0, y1);
                for (int y = Math.max(0, Math.min(ya, yb)); y <= Math.min(h - 1, Math.max(ya, yb)); y++) {
                    int p = y * w + x;
                    if (seen == null || !seen[p]) {
                        counts[p]++;
                        if (seen != null) {
                            seen[p] = true;
                        }
                    }
                }
            }
        }
    }

    /** round(y0 + (y1 - y0) (x - x0) / (x1 - x0)), halves rounded up, in exact integers. */
    private static int rowAt(int x, int x0, int x1, int y0, int y1) {
        long m = x1 - x0;
        return (int) (y0 + Math.floorDiv(2L * (y1 - y0) * (x - x0) + m, 2 * m));
    }

    private static void checkDensity(long seed, int n, int len, int w, int h, boolean symlog) {
        Random rnd = new Random(seed);
        float[] v = randomPolylines(rnd, n, len);
        PolylineDensity.YAxis axis = axis(v, symlog);
        PolylineSource src = new InMemoryPolylineSource(v, n, len);
        int[] actual = PolylineDensity.density(src, axis, w, h, new NullProgressMonitor());
        int[] expected = new int[w * h];
        double xStep = len > 1 ? (w - 1) / (double) (len - 1) : 0;
        int[] ys = new int[len];
        for (int i = 0; i < n; i++) {
            PolylineDensity.toRows(v, i * len, len, axis, h, ys);
            reference(ys, xStep, w, h, expected, false);
        }
        assertArrayEquals(expected, actual, "seed " + seed + ", " + n + "x" + len + " at " + w + "x" + h);
    }

    @Test
    void densityMatchesReferenceOnWideCharts() {
        checkDensity(1, 5000, 100, 1600, 900, false); // several blocks, both workers
        checkDensity(2, 3000, 17, 301, 77, true);
        checkDensity(3, 500, 2, 40, 1, false);
        checkDensity(4, 700, 50, 50, 60, false); // one column per point
    }

    @Test
    void densityMatchesReferenceOnNarrowCharts() {
        checkDensity(5, 2000, 100, 60, 50, false);
        checkDensity(6, 300, 40, 1, 30, true);
    }

    private static void checkBatch(long seed, int lines, int len, int w, int h, boolean offChart) {
        Random rnd = new Random(seed);
        float[] v = randomPolylines(rnd, lines, len);
        PolylineDensity.YAxis axis = axis(v, false);
        int[] all = new int[lines * len];
        int[] ys = new int[len];
        for (int i = 0; i < lines; i++) {
            PolylineDensity.toRows(v, i * len, len, axis, h, ys);
            if (offChart && i % 7 == 0) {
                ys[len / 2] = h + 3; // callers may pass rows off the chart: clipped, general path
            }
            System.arraycopy(ys, 0, all, i * len, len);
        }
        boolean[] include = new boolean[lines];
        for (int i = 0; i < lines; i++) {
            include[i] = rnd.nextInt(4) != 0;
        }
        double xStep = len > 1 ? (w - 1) / (double) (len - 1) : 0;
        int[] expected = new int[w * h];
        int[] line = new int[len];
        for (int i = 0; i < lines; i++) {
            if (include[i]) {
                System.arraycopy(all, i * len, line, 0, len);
                reference(line, xStep, w, h, expected, true);
            }
        }
        int[] actual = new int[w * h];
        actual[0] = 5; // counts are added to what is there
        expected[0] += 5;
        PolylineDensity.rasteriseAll(all, lines, len, xStep, w, h, actual, include);
        assertArrayEquals(expected, actual, "seed " + seed);

        // the stamp variant line by line, as the renderer used to draw, gives the same image
        int[] stamped = new int[w * h];
        stamped[0] = 5;
        int[] stamp = new int[w * h];
        for (int i = 0; i < lines; i++) {
            if (include[i]) {
                System.arraycopy(all, i * len, line, 0, len);
                PolylineDensity.rasterise(line, xStep, w, h, stamped, stamp, i + 1);
            }
        }
        assertArrayEquals(stamped, actual, "seed " + seed + " vs stamp variant");
    }

    @Test
    void batchRasteriserMatchesReferenceAndStampVariant() {
        checkBatch(11, 2000, 100, 1600, 900, false);
        checkBatch(12, 500, 30, 200, 100, true);
        checkBatch(13, 500, 100, 40, 30, false); // narrower than the lines: general path
        checkBatch(14, 50, 1, 10, 10, false);
    }
}
