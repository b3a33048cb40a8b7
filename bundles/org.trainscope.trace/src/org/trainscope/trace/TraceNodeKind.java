package org.trainscope.trace;

/** The kinds of nodes in a network graph. */
public enum TraceNodeKind {
    /** A deterministic operation (dense, conv2d, activation function, ...). */
    OPERATOR,
    /** A sampled value such as the latent z of a VAE. */
    RANDOM_VARIABLE,
    /** A trainable parameter (weights, biases). */
    PARAMETER;

    /** The manifest spelling, e.g. {@code "random_variable"}. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
