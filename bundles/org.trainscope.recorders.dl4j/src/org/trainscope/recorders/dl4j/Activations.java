package org.trainscope.recorders.dl4j;

import java.util.Locale;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;

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
}
