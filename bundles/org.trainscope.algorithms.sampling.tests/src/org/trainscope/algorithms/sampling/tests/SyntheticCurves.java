package org.trainscope.algorithms.sampling.tests;

import java.util.Random;

import org.trainscope.algorithms.sampling.InMemoryPolylineSource;

/**
 * Training-dynamics-like test data: smooth polylines in a few families (decay, rise, late drop,
 * damped oscillation) with jittered parameters and a little noise, plus small planted groups of
 * near-identical outliers, each group with its own deformation of a family curve (a bump, a dip or
 * a level shift over part of the range). Outliers sit at random indices.
 */
final class SyntheticCurves {

    final float[] values;
    final int count;
    final int length;
    /** Member indices of each planted outlier group. */
    final int[][] groups;

    private SyntheticCurves(float[] values, int count, int length, int[][] groups) {
        this.values = values;
        this.count = count;
        this.length = length;
        this.groups = groups;
    }

    InMemoryPolylineSource source() {
        return new InMemoryPolylineSource(values, count, length);
    }

    static SyntheticCurves generate(int ordinary, int groupCount, int groupSize, int length, long seed) {
        Random random = new Random(seed);
        int count = ordinary + groupCount * groupSize;
        float[] values = new float[count * length];
        // random positions for the outliers
        int[] position = new int[count];
        for (int i = 0; i < count; i++) {
            position[i] = i;
        }
        for (int i = count - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = position[i];
            position[i] = position[j];
            position[j] = t;
        }
        for (int i = 0; i < ordinary; i++) {
            double[] p = familyParameters(random, random.nextInt(4));
            write(values, position[i], length, p, null, random);
        }
        int[][] groups = new int[groupCount][groupSize];
        for (int g = 0; g < groupCount; g++) {
            double[] p = familyParameters(random, random.nextInt(4));
            double[] deformation = { random.nextInt(3), 0.1 + 0.8 * random.nextDouble(),
                    0.25 + 0.15 * random.nextDouble() };
            for (int s = 0; s < groupSize; s++) {
                int index = position[ordinary + g * groupSize + s];
                groups[g][s] = index;
                write(values, index, length, p, deformation, random);
            }
        }
        return new SyntheticCurves(values, count, length, groups);
    }

    /** {family, amplitude, time constant, offset}. */
    private static double[] familyParameters(Random random, int family) {
        return new double[] { family, 0.6 * (1 + 0.25 * random.nextGaussian()),
                0.2 * (1 + 0.25 * random.nextGaussian()), 0.2 + 0.05 * random.nextGaussian() };
    }

    private static void write(float[] values, int index, int length, double[] p, double[] deformation,
            Random random) {
        for (int j = 0; j < length; j++) {
            double t = (double) j / (length - 1);
            double y = curve(p, t);
            if (deformation != null) {
                double centre = deformation[1];
                double height = deformation[2];
                double bump = Math.exp(-Math.pow((t - centre) / 0.04, 2));
                if (deformation[0] == 0) {
                    y += height * bump;
                } else if (deformation[0] == 1) {
                    y -= height * bump;
                } else if (t > centre) {
                    y += height;
                }
            }
            values[index * length + j] = (float) (y + 0.003 * random.nextGaussian());
        }
    }

    private static double curve(double[] p, double t) {
        double a = p[1];
        double tau = Math.max(0.03, p[2]);
        double c = p[3];
        switch ((int) p[0]) {
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
}
