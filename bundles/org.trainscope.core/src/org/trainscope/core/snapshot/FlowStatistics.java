package org.trainscope.core.snapshot;

import java.io.IOException;
import java.util.Arrays;

import org.trainscope.core.model.TensorSeries;

/**
 * Reads one record of a tensor at a bounded resolution and summarises it ({@link RecordStats}).
 * A record of at most {@code maxValues} values is read whole. A larger one (a huge convolution's
 * activations, a big weight matrix) is read as {@link #BLOCKS} contiguous blocks of neurons spread
 * evenly over the record, {@code maxValues} values in all: contiguous because a record is stored
 * as one row (trace format §5), so each block is one read; spread so that every part of the layer
 * (all probe inputs, all channels) contributes. Quantiles are then exact for the values read.
 */
public final class FlowStatistics {
    /** How many blocks a sub-sampled record is read in. */
    public static final int BLOCKS = 16;

    private FlowStatistics() {
    }

    public static RecordStats of(TensorSeries tensor, int record, int maxValues) throws IOException {
        int n = tensor.neuronCount();
        float[] values;
        int[] starts;
        int block;
        if (n <= maxValues) {
            values = new float[n];
            tensor.readSnapshot(record, values);
            starts = new int[] { 0 };
            block = n;
        } else {
            block = maxValues / BLOCKS;
            values = new float[block * BLOCKS];
            starts = new int[BLOCKS];
            float[] one = new float[block];
            for (int k = 0; k < BLOCKS; k++) {
                starts[k] = (int) ((long) k * (n - block) / (BLOCKS - 1));
                tensor.readPolylines(starts[k], block, record, record + 1, one);
                System.arraycopy(one, 0, values, k * block, block);
            }
        }
        return summarise(values, starts, block);
    }

    /** The statistics of {@code values}, which were read in blocks of {@code block} starting at {@code starts}. */
    static RecordStats summarise(float[] values, int[] starts, int block) {
        float[] finite = new float[values.length];
        int m = 0;
        int nan = 0;
        int inf = 0;
        double sum = 0;
        double sumAbs = 0;
        int loudest = -1;
        double loudestAbs = -1;
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            double abs;
            if (Float.isNaN(v)) {
                nan++;
                abs = Double.POSITIVE_INFINITY;
            } else if (Float.isInfinite(v)) {
                inf++;
                abs = Double.POSITIVE_INFINITY;
            } else {
                finite[m++] = v;
                sum += v;
                abs = Math.abs(v);
                sumAbs += abs;
            }
            if (abs > loudestAbs) {
                loudestAbs = abs;
                loudest = starts[i / block] + i % block;
            }
        }
        if (m == 0) {
            return new RecordStats(values.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN, nan, inf, loudest);
        }
        Arrays.sort(finite, 0, m);
        return new RecordStats(values.length, sum / m, sumAbs / m, quantile(finite, m, 0.05),
                quantile(finite, m, 0.95), nan, inf, loudest);
    }

    /** Linear interpolation between the order statistics around {@code p * (m - 1)}. */
    static double quantile(float[] sorted, int m, double p) {
        double pos = p * (m - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(m - 1, lo + 1);
        double t = pos - lo;
        return sorted[lo] * (1 - t) + sorted[hi] * t;
    }
}
