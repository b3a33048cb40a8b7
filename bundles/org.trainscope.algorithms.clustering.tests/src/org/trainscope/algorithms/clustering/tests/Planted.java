package org.trainscope.algorithms.clustering.tests;

import java.util.SplittableRandom;

import org.trainscope.core.math.FloatMatrix;

/** Data with known structure for the tests. */
final class Planted {
    private Planted() {
    }

    /** Blobs: {@code perBlob} rows around each of {@code blobs} centres {@code spread} apart. */
    record Blobs(FloatMatrix points, int[] truth) {
    }

    /**
     * Gaussian blobs in {@code d} dimensions: centre b has coordinate b * spread on axis b mod d and
     * zero elsewhere, rows are centre + N(0, sigma^2) per coordinate. Rows are interleaved (row i
     * belongs to blob i mod blobs) so that no algorithm gets the answer from the row order.
     */
    static Blobs blobs(int blobs, int perBlob, int d, double spread, double sigma, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = blobs * perBlob;
        float[] data = new float[n * d];
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            int b = i % blobs;
            truth[i] = b;
            for (int j = 0; j < d; j++) {
                double centre = j == b % d ? (b / d + 1) * spread * (b % 2 == 0 ? 1 : -1) : 0;
                data[i * d + j] = (float) (centre + sigma * gaussian(random));
            }
        }
        return new Blobs(new FloatMatrix(n, d, data), truth);
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static FloatMatrix uniform(int rows, int cols, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] data = new float[rows * cols];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextDouble();
        }
        return new FloatMatrix(rows, cols, data);
    }
}
