package org.trainscope.core.model;

/**
 * What a node of a {@link NetworkGraph} stands for. DGMTracker distinguishes these three because
 * a deep generative model mixes deterministic operators with sampled random variables (the latent
 * z of a VAE) and trainable parameters, and each is read and drawn differently.
 */
public enum NodeKind {
    /** A deterministic operation such as a dense layer, a convolution or an activation. */
    OPERATOR,
    /** A sampled variable, e.g. z = mu + sigma * eps in a VAE. */
    RANDOM_VARIABLE,
    /** A trainable parameter tensor (weights, biases) shown as its own node. */
    PARAMETER;

    /** The spelling used in trace manifests and plugin.xml ("operator", "random_variable", "parameter"). */
    public String externalName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #externalName()}; throws with the offending text when it is not a known kind. */
    public static NodeKind fromExternalName(String text) {
        for (NodeKind kind : values()) {
            if (kind.externalName().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown node kind '" + text
                + "' (expected operator, random_variable or parameter)");
    }
}
