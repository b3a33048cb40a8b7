package org.trainscope.adapters.internal.io;

import java.util.Locale;

import org.trainscope.core.model.TensorKind;

/** Guesses what a foreign tensor holds from its name, for formats that do not say. */
public final class TensorKinds {
    private TensorKinds() {
    }

    public static TensorKind guess(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("grad")) {
            return TensorKind.GRADIENT;
        }
        if (n.contains("bias")) {
            return TensorKind.BIAS;
        }
        if (n.contains("update")) {
            return TensorKind.UPDATE;
        }
        if (n.contains("weight") || n.contains("kernel")) {
            return TensorKind.WEIGHT;
        }
        if (n.contains("input")) {
            return TensorKind.INPUT;
        }
        return TensorKind.ACTIVATION;
    }
}
