package org.trainscope.algorithms.clustering;

import java.util.Arrays;

import org.trainscope.core.model.NeuronLayout;

/**
 * One record of a layer's activations over the probe set: {@code values[probe * unitCount + unit]}
 * (the probe axis first, as traces record it; see {@code NeuronLayout}), and the class label of
 * every probe input (empty when the run has none). Independent of {@code Run} so that it can be
 * built from any source and tested alone.
 *
 * @param values     P x units values, probe-major
 * @param probeCount P
 * @param unitCount  units (neurons) of the layer
 * @param labels     class of each probe input (length P), or empty
 */
public record NeuronActivations(float[] values, int probeCount, int unitCount, int[] labels) {

    public NeuronActivations {
        if (probeCount < 1 || unitCount < 1 || (long) probeCount * unitCount != values.length) {
            throw new IllegalArgumentException("activations of " + probeCount + " probe inputs x " + unitCount
                    + " units need " + (long) probeCount * unitCount + " values, got " + values.length);
        }
        if (labels.length != 0 && labels.length != probeCount) {
            throw new IllegalArgumentException(labels.length + " labels for " + probeCount + " probe inputs");
        }
        values = values.clone();
        labels = labels.clone();
    }

    /**
     * One record of an activation tensor with a probe axis, as {@code layout} (from
     * {@code NeuronLayout.of(run, tensor)}) describes it, with the run's probe labels.
     */
    public static NeuronActivations of(NeuronLayout layout, float[] record, int[] labels) {
        if (!layout.hasProbeAxis()) {
            throw new IllegalArgumentException("the tensor has no probe axis: its neurons have no activations per probe input");
        }
        return new NeuronActivations(record, layout.probeCount(), layout.unitCount(), labels);
    }

    public float value(int probe, int unit) {
        return values[probe * unitCount + unit];
    }

    /**
     * The channels of a convolution's output as units: each channel's activation on a probe input is
     * the mean over its positions. Units are taken in C order [channel, y, x], so the positions of
     * a channel are contiguous. A non-finite value at any position makes the channel's mean
     * non-finite for that input (deliberately: it must not be averaged away).
     */
    public NeuronActivations perChannel(int channels) {
        if (channels < 1 || unitCount % channels != 0) {
            throw new IllegalArgumentException(unitCount + " units cannot be split into " + channels + " channels");
        }
        int positions = unitCount / channels;
        float[] out = new float[probeCount * channels];
        for (int p = 0; p < probeCount; p++) {
            for (int c = 0; c < channels; c++) {
                double s = 0;
                int base = p * unitCount + c * positions;
                for (int q = 0; q < positions; q++) {
                    s += values[base + q];
                }
                out[p * channels + c] = (float) (s / positions);
            }
        }
        return new NeuronActivations(out, probeCount, channels, labels);
    }

    /** The distinct labels, ascending. */
    public int[] classes() {
        return Arrays.stream(labels).distinct().sorted().toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NeuronActivations a && a.probeCount == probeCount && a.unitCount == unitCount
                && Arrays.equals(a.values, values) && Arrays.equals(a.labels, labels);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values) * 31 + Arrays.hashCode(labels);
    }

    @Override
    public String toString() {
        return "NeuronActivations[" + probeCount + " probe inputs x " + unitCount + " units, "
                + classes().length + " classes]";
    }
}
