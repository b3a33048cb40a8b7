package org.trainscope.core.summary;

import java.util.Objects;

/**
 * Something in a run worth a look, found by {@link AnomalyFinder}.
 *
 * @param kind what was found
 * @param subjectKind what {@code subject} names
 * @param subject the metric name, tensor id or node id
 * @param iteration the training iteration where it happens (where it starts, for a plateau)
 * @param value the value there (NaN or infinite for a non-finite finding; the count of non-finite
 *        values for a tensor or a node)
 * @param description one line for people
 */
public record Anomaly(AnomalyKind kind, SubjectKind subjectKind, String subject, long iteration, double value,
        String description) {

    /** What an anomaly is about. */
    public enum SubjectKind {
        METRIC, TENSOR, NODE;

        public String externalName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Anomaly {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(subjectKind);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(description);
    }
}
