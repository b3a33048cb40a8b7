package org.trainscope.core.model;

import java.util.Locale;

/** What a recorded tensor holds. */
public enum TensorKind {
    ACTIVATION, GRADIENT, WEIGHT, BIAS, UPDATE, INPUT;

    /** The spelling used in trace manifests ("activation", ...). */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TensorKind fromExternalName(String text) {
        for (TensorKind kind : values()) {
            if (kind.externalName().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown tensor kind '" + text + "'");
    }
}
