package org.trainscope.core.model;

import java.util.Arrays;

/**
 * The inputs of the training batch of one recorded iteration, as the recorder saw them (after
 * shuffling and augmentation; a GAN's generated batch), so credit can be computed on them without
 * the data set (trace format §4.8).
 *
 * @param iteration the training iteration
 * @param shape {@code [samples] + the shape of one sample}
 * @param values the samples, C order over {@code shape}; NaN and Inf are data
 * @param labels class index per sample, -1 unknown; empty when not recorded
 * @param indices index of each sample in the training set (trace format §4.4); empty when not recorded
 */
public record BatchInputs(long iteration, int[] shape, float[] values, int[] labels, int[] indices) {

    public BatchInputs {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (shape.length < 2 || n != values.length) {
            throw new IllegalArgumentException("batch inputs of shape " + Arrays.toString(shape) + " with " + values.length
                    + " values");
        }
    }

    public int sampleCount() {
        return shape[0];
    }

    /** The training-set index of sample {@code i} of the batch, or -1 when unknown. */
    public int indexOf(int sample) {
        return sample < indices.length ? indices[sample] : -1;
    }

    /** The class label of sample {@code i}, or -1 when unknown. */
    public int labelOf(int sample) {
        return sample < labels.length ? labels[sample] : -1;
    }
}
