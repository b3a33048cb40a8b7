package org.trainscope.core.summary;

import java.util.Locale;

/** The kinds of {@link Anomaly}; the criteria are in {@link AnomalyFinder} and docs/algorithms/anomalies.md. */
public enum AnomalyKind {
    /** The first NaN or infinite value of a metric. */
    NON_FINITE_METRIC,
    /** The first record of a tensor that holds NaN or infinite values. */
    NON_FINITE_TENSOR,
    /** The first iteration where the recorder counted NaN/Inf in a node's output or gradient (trace format §7.1). */
    NON_FINITE_NODE,
    /** A loss value far above its trailing window. */
    SPIKE,
    /** A loss that stops changing for a long stretch. */
    PLATEAU,
    /** A loss that rises persistently above the lowest level it had reached. */
    DIVERGENCE;

    /** "non-finite-metric", "spike": the name in JSON and on the command line. */
    public String externalName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
