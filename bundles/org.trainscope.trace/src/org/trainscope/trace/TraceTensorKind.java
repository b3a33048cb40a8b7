package org.trainscope.trace;

/** What a series tensor records. */
public enum TraceTensorKind {
    ACTIVATION, GRADIENT, WEIGHT, BIAS, UPDATE;

    /** The manifest spelling, e.g. {@code "activation"}. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
