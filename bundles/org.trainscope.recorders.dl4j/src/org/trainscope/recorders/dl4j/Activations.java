package org.trainscope.recorders.dl4j;

import java.util.Locale;
import java.util.Map;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;

/** Names of DL4J activation functions as trace op types ("relu", "softmax", "leakyrelu"). */
final class Activations {
    private Activations() {
    }

    /** The op name, or null for the identity (which gets no node of its own). */
    static String opName(IActivation activation) {
        if (activation == null || activation instanceof ActivationIdentity) {
            return null;
        }
        String simple = activation.getClass().getSimpleName();
        if (simple.startsWith("Activation")) {
            simple = simple.substring("Activation".length());
        }
        String name = simple.toLowerCase(Locale.ROOT);
        // the PyTorch recorder's spelling, so that both recorders' graphs read alike
        return name.equals("lrelu") ? "leakyrelu" : name;
    }

    /** The parameters of the function that change its values, under the PyTorch recorder's names. */
    static Map<String, Object> attributes(IActivation activation) {
        if (activation instanceof ActivationLReLU l) {
            return Map.of("negative_slope", l.getAlpha());
        }
        if (activation instanceof ActivationELU e) {
            return Map.of("alpha", e.getAlpha());
        }
        return Map.of();
    }
}
