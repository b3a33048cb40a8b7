package org.trainscope.algorithms.clustering;

import java.util.Arrays;
import java.util.Locale;

import org.trainscope.core.math.FloatMatrix;

/**
 * What describes a neuron when neurons are clustered ("neurons with similar activations have
 * similar roles", CNNVis): a neurons x features matrix built from {@link NeuronActivations}.
 * <ul>
 * <li>{@link Kind#MEAN_PER_CLASS}: one feature per class, the neuron's mean activation over the
 * probe inputs of that class (classes ascending). Compact and comparable across probe sets; what
 * CNNVis clusters on.</li>
 * <li>{@link Kind#FULL_ACTIVATION}: one feature per probe input, the activation itself. Keeps
 * differences within a class; needs no labels.</li>
 * </ul>
 * Non-finite activations are not skipped: a NaN or infinity on any probe input makes the feature
 * non-finite, so the clusterers put that neuron into their non-finite group instead of hiding it
 * in a mean of the rest.
 */
public final class NeuronFeatures {
    /** The feature choices; {@link #id()} is the value of the algorithms' {@code features} parameter. */
    public enum Kind {
        MEAN_PER_CLASS("meanPerClass"), FULL_ACTIVATION("fullActivation");

        private final String id;

        Kind(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static Kind fromId(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown neuron features '" + id + "'"));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    private NeuronFeatures() {
    }

    public static FloatMatrix of(Kind kind, NeuronActivations activations) {
        return switch (kind) {
            case MEAN_PER_CLASS -> meanPerClass(activations);
            case FULL_ACTIVATION -> fullActivation(activations);
        };
    }

    /** units x classes: mean activation of each unit over the probe inputs of each class. */
    public static FloatMatrix meanPerClass(NeuronActivations a) {
        if (a.labels().length == 0) {
            throw new IllegalArgumentException("the probe inputs have no labels: mean activation per class needs"
                    + " them; use the full activation vector");
        }
        int[] classes = a.classes();
        int[] labels = a.labels();
        int units = a.unitCount();
        double[] sums = new double[units * classes.length];
        int[] counts = new int[classes.length];
        for (int p = 0; p < a.probeCount(); p++) {
            int c = Arrays.binarySearch(classes, labels[p]);
            counts[c]++;
            for (int u = 0; u < units; u++) {
                sums[u * classes.length + c] += a.value(p, u);
            }
        }
        float[] out = new float[sums.length];
        for (int u = 0; u < units; u++) {
            for (int c = 0; c < classes.length; c++) {
                out[u * classes.length + c] = (float) (sums[u * classes.length + c] / counts[c]);
            }
        }
        return new FloatMatrix(units, classes.length, out);
    }

    /** units x probe inputs: every activation as it is. */
    public static FloatMatrix fullActivation(NeuronActivations a) {
        int units = a.unitCount();
        int probes = a.probeCount();
        float[] out = new float[units * probes];
        for (int p = 0; p < probes; p++) {
            for (int u = 0; u < units; u++) {
                out[u * probes + p] = a.value(p, u);
            }
        }
        return new FloatMatrix(units, probes, out);
    }
}
