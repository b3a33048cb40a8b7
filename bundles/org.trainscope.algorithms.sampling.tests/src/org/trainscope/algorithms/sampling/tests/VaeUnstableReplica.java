package org.trainscope.algorithms.sampling.tests;

import java.util.Random;

import org.trainscope.algorithms.sampling.InMemoryPolylineSource;

/**
 * A synthetic replica of the DL4J demo run {@code vae-unstable}, the VAE whose loss turns infinite:
 * a bulk of activations between 0 and 5 with noise, planted extreme lines that climb to 20–37 (the
 * encoder's leaky-ReLU activations did), a few lines of gradient scale (±2.5e7), and every line
 * failing in the last records: NaN from one of the last three records, some through +Inf or -Inf
 * first, and some failing earlier.
 */
final class VaeUnstableReplica {

    final float[] values;
    final int count;
    final int length;
    /** The lines that climb to 20–37 and the ones that reach ±2.5e7. */
    final int[] extreme;
    final int[] gradientScale;

    private VaeUnstableReplica(float[] values, int count, int length, int[] extreme, int[] gradientScale) {
        this.values = values;
        this.count = count;
        this.length = length;
        this.extreme = extreme;
        this.gradientScale = gradientScale;
    }

    InMemoryPolylineSource source() {
        return new InMemoryPolylineSource(values, count, length);
    }

    /** @return {@code count} polylines of {@code length} records, 20 extreme and 4 of gradient scale */
    static VaeUnstableReplica generate(int count, int length, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count * length];
        for (int row = 0; row < count; row++) {
            // the bulk: a level in [0, 4] (most near 0, like ReLU activations), a slow drift, noise
            double level = 4 * Math.pow(random.nextDouble(), 2);
            double drift = 0.3 * random.nextGaussian();
            double phase = 2 * Math.PI * random.nextDouble();
            for (int j = 0; j < length; j++) {
                double t = (double) j / length;
                double y = level * (1 + 0.2 * Math.sin(3 * t + phase)) + drift * t + 0.15 * random.nextGaussian();
                values[row * length + j] = (float) Math.max(-0.01 * Math.abs(y), y);
            }
        }
        // planted lines at scattered rows: 20 that climb to 20-37, each from its own record and to
        // its own height, and 4 whose values reach +-2.5e7 (exploding gradients)
        int[] rows = new SyntheticShuffle(random).pick(count, 24);
        int[] extreme = new int[20];
        int[] gradientScale = new int[4];
        for (int e = 0; e < 20; e++) {
            int row = rows[e];
            extreme[e] = row;
            int start = 5 + 2 * e;
            double peak = 20 + 17 * ((e * 7) % 20) / 19.0;
            for (int j = start; j < length; j++) {
                double rise = Math.min(1, (j - start) / 6.0);
                values[row * length + j] += (float) (rise * (peak - values[row * length + j]));
            }
        }
        for (int g = 0; g < 4; g++) {
            int row = rows[20 + g];
            gradientScale[g] = row;
            double sign = g % 2 == 0 ? 1 : -1;
            int spike = length - 15 + 2 * g;
            for (int j = spike; j < length; j++) {
                values[row * length + j] = (float) (sign * 2.5e7 * (1 + 0.1 * (j - spike)));
            }
        }
        // every line fails in the last records; 2% earlier; a few through +-Inf first
        for (int row = 0; row < count; row++) {
            int onset = random.nextInt(50) == 0 ? length / 2 + random.nextInt(length / 3) : length - 3 + random.nextInt(3);
            int kind = random.nextInt(20);
            for (int j = onset; j < length; j++) {
                values[row * length + j] = j == onset && kind == 0 ? Float.POSITIVE_INFINITY
                        : j == onset && kind == 1 ? Float.NEGATIVE_INFINITY : Float.NaN;
            }
        }
        return new VaeUnstableReplica(values, count, length, extreme, gradientScale);
    }

    /** Distinct rows drawn without replacement. */
    private static final class SyntheticShuffle {
        private final Random random;

        SyntheticShuffle(Random random) {
            this.random = random;
        }

        int[] pick(int n, int k) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            for (int i = 0; i < k; i++) {
                int j = i + random.nextInt(n - i);
                int t = all[i];
                all[i] = all[j];
                all[j] = t;
            }
            return java.util.Arrays.copyOf(all, k);
        }
    }
}
