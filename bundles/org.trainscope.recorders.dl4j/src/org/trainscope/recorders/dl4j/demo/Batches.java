package org.trainscope.recorders.dl4j.demo;

import java.util.Random;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Minibatches over a seeded subset of a split, shuffled per epoch from the seed. It remembers the
 * indices (into the full split) of the last batch it made, which the recorder stores so that a
 * bad training image can be found in the original file.
 */
final class Batches {
    private final FashionMnist.Split split;
    private final int[] subset;
    private final int batchSize;
    private final Random random;
    private int[] order;
    private int position;
    private long[] lastIndices = new long[0];

    Batches(FashionMnist.Split split, int samples, int batchSize, long seed) {
        this.split = split;
        this.batchSize = batchSize;
        this.random = new Random(seed);
        int[] all = permutation(split.size(), random);
        this.subset = java.util.Arrays.copyOf(all, Math.min(samples, all.length));
        java.util.Arrays.sort(subset); // the subset is a set; the epoch order comes from the shuffle below
        startEpoch();
    }

    /** Number of batches in one epoch. */
    int batchesPerEpoch() {
        return (subset.length + batchSize - 1) / batchSize;
    }

    void startEpoch() {
        int[] p = permutation(subset.length, random);
        order = new int[subset.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = subset[p[i]];
        }
        position = 0;
    }

    boolean hasNext() {
        return position < order.length;
    }

    /** The next batch with one-hot labels (or the images themselves as labels when {@code autoencoder}). */
    DataSet next(boolean autoencoder) {
        int n = Math.min(batchSize, order.length - position);
        lastIndices = new long[n];
        for (int i = 0; i < n; i++) {
            lastIndices[i] = order[position + i];
        }
        position += n;
        return dataSet(split, lastIndices, autoencoder);
    }

    long[] lastIndices() {
        return lastIndices.clone();
    }

    /** The classes of the last batch's images (the recorder stores them with its inputs). */
    long[] lastLabels() {
        long[] labels = new long[lastIndices.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = split.label((int) lastIndices[i]);
        }
        return labels;
    }

    static DataSet dataSet(FashionMnist.Split split, long[] indices, boolean autoencoder) {
        int pixels = split.images().itemSize();
        float[] x = new float[indices.length * pixels];
        float[] y = new float[indices.length * 10];
        for (int i = 0; i < indices.length; i++) {
            int image = (int) indices[i];
            for (int j = 0; j < pixels; j++) {
                x[i * pixels + j] = split.pixel(image, j);
            }
            y[i * 10 + split.label(image)] = 1f;
        }
        INDArray features = Nd4j.create(x, new long[] {indices.length, pixels}, 'c');
        INDArray labels = autoencoder ? features : Nd4j.create(y, new long[] {indices.length, 10}, 'c');
        return new DataSet(features, labels);
    }

    /** The first {@code n} samples of the split, in order. */
    static DataSet firstOf(FashionMnist.Split split, int n, boolean autoencoder) {
        long[] indices = new long[Math.min(n, split.size())];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        return dataSet(split, indices, autoencoder);
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
