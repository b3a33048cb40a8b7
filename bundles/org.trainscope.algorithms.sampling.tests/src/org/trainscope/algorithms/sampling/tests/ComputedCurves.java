package org.trainscope.algorithms.sampling.tests;

import java.util.Arrays;

import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * A tensor's polylines computed from their index instead of stored, so a test can sample tens of
 * millions of them without the memory: smooth saturating curves (each with its own amplitude, rate,
 * offset and sign) plus noise, like releng/benchmarks/make_big_trace.py writes, and {@code planted}
 * misbehaving polylines spread over the index range: the first half diverge exponentially from an
 * onset (every fifth of them reaches infinity), the second half spike at three points.
 */
final class ComputedCurves implements PolylineSource {

    private static final double GOLDEN = 0.6180339887498949;

    private final int count;
    private final int length;
    private final double noise;
    /** Straight lines with noise instead of saturating curves: no exp per point, for huge counts. */
    private final boolean straight;
    /** Planted polyline indices, ascending; their kind by position: diverging in the first half. */
    final int[] planted;

    ComputedCurves(int count, int length, int plantedCount, double noise) {
        this(count, length, plantedCount, noise, false);
    }

    /** Straight lines (level and slope from the index) with noise: cheap enough for 2^25 polylines. */
    static ComputedCurves straightLines(int count, int length, int plantedCount, double noise) {
        return new ComputedCurves(count, length, plantedCount, noise, true);
    }

    private ComputedCurves(int count, int length, int plantedCount, double noise, boolean straight) {
        this.straight = straight;
        this.count = count;
        this.length = length;
        this.noise = noise;
        int m = Math.min(plantedCount, count);
        this.planted = new int[m];
        long stretch = count / Math.max(1, m);
        for (int k = 0; k < m; k++) {
            planted[k] = (int) (k * stretch + Math.floorMod(mix(k * 31L + 7), Math.max(1, stretch)));
        }
    }

    @Override
    public int polylineCount() {
        return count;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public String name() {
        return "computed curves";
    }

    @Override
    public void read(int first, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            write(first + i, out, i * length);
        }
    }

    private void write(int index, float[] out, int offset) {
        double u = (index * GOLDEN) % 1.0;
        double v = (index * GOLDEN * GOLDEN + 0.31) % 1.0;
        double w = (index * 0.7548776662466927 + 0.17) % 1.0;
        double amplitude = (0.2 + 1.8 * u) * (w < 0.5 ? -1 : 1);
        double rate = (0.5 + 6.0 * v) / length;
        double level = 0.5 * (w - 0.5);
        long h = mix(index);
        if (straight) {
            double slope = amplitude / length;
            for (int t = 0; t < length; t++) {
                h = h * 6364136223846793005L + 1442695040888963407L;
                out[offset + t] = (float) (level + slope * t + noise * ((h >> 40) * 0x1p-23));
            }
        } else {
            writeCurve(out, offset, amplitude, rate, level, h);
        }
        int k = Arrays.binarySearch(planted, index);
        if (k >= 0) {
            plant(k, out, offset);
        }
    }

    private void writeCurve(float[] out, int offset, double amplitude, double rate, double level, long seed) {
        long h = seed;
        for (int t = 0; t < length; t++) {
            h = mix(h + t);
            // a cheap bell-shaped noise: the sum of two uniforms in [-1, 1)
            double e = ((h >>> 40) + ((h >>> 16) & 0xFFFFFF)) / (double) (1 << 24) - 1;
            out[offset + t] = (float) (level + amplitude * (1 - Math.exp(-rate * t)) + noise * e);
        }
    }

    /** Makes polyline {@code planted[k]} misbehave, as the benchmark generator does. */
    private void plant(int k, float[] out, int offset) {
        if (diverging(k)) {
            int onset = length / 4 + (k * 7) % (length / 2);
            double rate = k % 5 == 0 ? 60.0 / length * 2 : 45.0 / length;
            double sign = k % 2 == 0 ? 1 : -1;
            for (int t = onset; t < length; t++) {
                double grown = out[offset + t] + sign * Math.exp(Math.min(700, rate * (t - onset)));
                out[offset + t] = (float) grown;
            }
        } else {
            for (int s = 0; s < 3; s++) {
                int t = (k * 13 + 5 * s) % length;
                out[offset + t] += (float) ((25.0 + k % 10) * (k % 2 == 0 ? 1 : -1));
            }
        }
    }

    boolean diverging(int k) {
        return k < planted.length / 2;
    }

    /** @return how many of {@code selection} are planted polylines */
    int plantedAmong(int[] selection) {
        int found = 0;
        for (int i : selection) {
            if (Arrays.binarySearch(planted, i) >= 0) {
                found++;
            }
        }
        return found;
    }

    private static long mix(long x) {
        long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
