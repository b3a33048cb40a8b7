package org.trainscope.benchmarks.sampling;

/**
 * Deterministic synthetic training curves, generated row by row from the row index alone (so any
 * block can be produced without the others): four smooth families with jittered amplitude, time
 * constant and offset, 0.3% noise, and planted groups of near-identical outliers (a bump, a dip or a
 * level shift of a family curve) at scattered indices. Optionally every row fails at its end, as
 * in {@code vae-unstable}: NaN over its last points, 1% of the rows from an earlier point on.
 */
final class SyntheticData {

    private final int count;
    private final int length;
    private final long seed;
    private final int[][] groups;
    /** Row index to its outlier group, or -1. */
    private final int[] groupOfRow;
    /** Every row is NaN over this many last points (0: no failure). */
    private int failingTail;

    SyntheticData(int count, int length, int groupCount, int groupSize, long seed) {
        this.count = count;
        this.length = length;
        this.seed = seed;
        this.groups = new int[groupCount][groupSize];
        this.groupOfRow = new int[count];
        java.util.Arrays.fill(groupOfRow, -1);
        long state = seed * 31 + 7;
        for (int g = 0; g < groupCount; g++) {
            for (int s = 0; s < groupSize; s++) {
                int row;
                do {
                    state = mix(state + 1);
                    row = (int) Long.remainderUnsigned(state, count);
                } while (groupOfRow[row] >= 0);
                groupOfRow[row] = g;
                groups[g][s] = row;
            }
        }
    }

    /** Makes every row NaN over its last {@code points} points, 1% of them from an earlier point. */
    SyntheticData failingAtTheEnd(int points) {
        this.failingTail = points;
        return this;
    }

    int count() {
        return count;
    }

    int length() {
        return length;
    }

    int[][] groups() {
        return groups;
    }

    /** Writes rows {@code first .. first+rows-1} row-major to {@code out}. */
    void fill(int first, int rows, float[] out) {
        for (int r = 0; r < rows; r++) {
            int row = first + r;
            int group = groupOfRow[row];
            // family parameters come from the group for outliers (so members agree), else from the row
            long shape = mix(seed ^ (group >= 0 ? 0x5DEECE66DL * (group + 1) : row * 0x9E3779B97F4A7C15L));
            int family = (int) ((shape >>> 60) & 3);
            double amplitude = 0.6 * (1 + 0.25 * centred(mix(shape + 1)));
            double tau = Math.max(0.03, 0.2 * (1 + 0.25 * centred(mix(shape + 2))));
            double offset = 0.2 + 0.05 * centred(mix(shape + 3));
            int kind = (int) Long.remainderUnsigned(mix(shape + 4), 3);
            double centre = 0.1 + 0.8 * unit(mix(shape + 5));
            double height = 0.25 + 0.15 * unit(mix(shape + 6));
            long noise = mix(seed + row * 0xD1B54A32D192ED03L);
            for (int j = 0; j < length; j++) {
                double t = (double) j / (length - 1);
                double y = curve(family, amplitude, tau, offset, t);
                if (group >= 0) {
                    double bump = Math.exp(-Math.pow((t - centre) / 0.04, 2));
                    y += kind == 0 ? height * bump : kind == 1 ? -height * bump : t > centre ? height : 0;
                }
                noise = noise * 6364136223846793005L + 1442695040888963407L;
                // sum of two uniforms: a cheap, roughly bell-shaped noise of standard deviation 0.003
                double u = ((noise >>> 40) + (noise >>> 16 & 0xFFFFFF)) / (double) (1 << 24) - 1;
                out[r * length + j] = (float) (y + 0.0073 * u);
            }
            if (failingTail > 0) {
                // the onset comes from the row alone, like everything else
                long failure = mix(seed ^ 0x6661696CL * (row + 1));
                int onset = Long.remainderUnsigned(failure, 100) == 0
                        ? length / 2 + (int) Long.remainderUnsigned(failure >>> 8, length / 3)
                        : length - failingTail;
                java.util.Arrays.fill(out, r * length + Math.max(0, onset), (r + 1) * length, Float.NaN);
            }
        }
    }

    private static double curve(int family, double a, double tau, double c, double t) {
        switch (family) {
            case 0:
                return c + a * Math.exp(-t / tau);
            case 1:
                return c + a * (1 - Math.exp(-t / tau));
            case 2:
                return c + a / (1 + Math.exp((t - 0.6) / (0.3 * tau)));
            default:
                return c + 0.5 * a + 0.3 * a * Math.sin(12 * t) * Math.exp(-t / (2 * tau));
        }
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** A crude centred value in about [-1.7, 1.7] with standard deviation 1/sqrt(2)*... close to 1. */
    private static double centred(long bits) {
        return (unit(bits) + unit(mix(bits)) - 1) * 2.45;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
