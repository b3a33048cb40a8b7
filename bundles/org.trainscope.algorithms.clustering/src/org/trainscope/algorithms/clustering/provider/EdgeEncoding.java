package org.trainscope.algorithms.clustering.provider;

import java.util.Locale;

/**
 * What colours a bundle of edges between two layer groups (CNNVis's "edge colour coding"). Every
 * bundle carries all three values, so switching the encoding is a redraw, not a computation.
 */
public enum EdgeEncoding {
    /** The mean signed weight of the bundle's connections at the chosen record. */
    WEIGHT("weight", "weights of edges"),
    /** The mean signed gradient of the loss with respect to those weights at the record. */
    GRADIENT("gradient", "gradients of edges"),
    /**
     * Σ|W(t) − W(t−1)| / Σ|W(t−1)| over the bundle's connections, t−1 the previous weight record:
     * a ratio of sums, so weights near zero do not blow it up.
     */
    RELATIVE_CHANGE("relative-change", "relative change of weights");

    private final String id;
    private final String legend;

    EdgeEncoding(String id, String legend) {
        this.id = id;
        this.legend = legend;
    }

    /** The spelling of requests and the command line: weight, gradient, relative-change. */
    public String id() {
        return id;
    }

    /** The legend's words before the range ("weights of edges"). */
    public String legend() {
        return legend;
    }

    public static EdgeEncoding fromId(String id) {
        for (EdgeEncoding e : values()) {
            if (e.id.equals(id.toLowerCase(Locale.ROOT))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown edge encoding '" + id + "' (weight, gradient, relative-change)");
    }
}
