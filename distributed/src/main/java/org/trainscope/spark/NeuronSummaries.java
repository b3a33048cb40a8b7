package org.trainscope.spark;

import java.io.Serializable;

/**
 * Per-neuron summaries of a range of neurons over all records, built tile by tile (one chunk of
 * records at a time): mean and standard deviation of the finite values, min, max, the number of NaN
 * and of infinite values, the first record with a non-finite value (−1 if none) and the value at the
 * last record. NaN and infinities are counted, not averaged: they are data.
 */
final class NeuronSummaries implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Columns of {@link #table()}, per neuron. */
    static final String[] COLUMNS = {"mean", "std", "min", "max", "nan", "inf", "firstNonFiniteRecord", "last"};

    final long firstNeuron;
    final int count;
    private final long[] finite;
    private final double[] sum;
    private final double[] sumSquares;
    private final float[] min;
    private final float[] max;
    private final int[] nan;
    private final int[] inf;
    private final int[] firstNonFinite;
    private final float[] last;

    NeuronSummaries(long firstNeuron, int count) {
        this.firstNeuron = firstNeuron;
        this.count = count;
        finite = new long[count];
        sum = new double[count];
        sumSquares = new double[count];
        min = new float[count];
        max = new float[count];
        nan = new int[count];
        inf = new int[count];
        firstNonFinite = new int[count];
        last = new float[count];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        java.util.Arrays.fill(firstNonFinite, -1);
        java.util.Arrays.fill(last, Float.NaN);
    }

    /** Adds one record's values of this range: {@code values[offset .. offset+count)}; records come in order. */
    void add(float[] values, int offset, int record) {
        for (int i = 0; i < count; i++) {
            float v = values[offset + i];
            last[i] = v;
            if (Float.isFinite(v)) {
                finite[i]++;
                sum[i] += v;
                sumSquares[i] += (double) v * v;
                min[i] = Math.min(min[i], v);
                max[i] = Math.max(max[i], v);
            } else {
                if (Float.isNaN(v)) {
                    nan[i]++;
                } else {
                    inf[i]++;
                }
                if (firstNonFinite[i] < 0) {
                    firstNonFinite[i] = record;
                }
            }
        }
    }

    /** The summaries, neuron-major: {@code table[i * COLUMNS.length + c]}. */
    float[] table() {
        int w = COLUMNS.length;
        float[] out = new float[count * w];
        for (int i = 0; i < count; i++) {
            boolean any = finite[i] > 0;
            double mean = any ? sum[i] / finite[i] : Double.NaN;
            double variance = any ? Math.max(0, sumSquares[i] / finite[i] - mean * mean) : Double.NaN;
            out[i * w] = (float) mean;
            out[i * w + 1] = (float) Math.sqrt(variance);
            out[i * w + 2] = any ? min[i] : Float.NaN;
            out[i * w + 3] = any ? max[i] : Float.NaN;
            out[i * w + 4] = nan[i];
            out[i * w + 5] = inf[i];
            out[i * w + 6] = firstNonFinite[i];
            out[i * w + 7] = last[i];
        }
        return out;
    }
}
