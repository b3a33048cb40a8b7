package org.trainscope.trace;

import java.util.List;
import java.util.Optional;

/**
 * The conventional metrics of spec §7.1: {@code nonfinite.forward.<node>} and
 * {@code nonfinite.backward.<node>} count the NaN/Inf values in a node's output and in the gradient
 * arriving at it. Without a writer's note, the origin is the first non-zero count: earliest record,
 * forward before backward, manifest order within a direction (writers list nodes in execution
 * order, and in the order gradients arrive for backward).
 */
final class NonFiniteCounts {
    static final String PREFIX = "nonfinite.";

    private NonFiniteCounts() {
    }

    static Optional<NonFiniteOrigin> firstFromCounts(List<MetricInfo> metrics, double[][] values, boolean[][] present,
            long[] iterations, int records) {
        for (int r = 0; r < records; r++) {
            for (NonFiniteOrigin.Direction d : NonFiniteOrigin.Direction.values()) {
                String prefix = PREFIX + d.jsonName() + ".";
                for (int m = 0; m < metrics.size(); m++) {
                    String name = metrics.get(m).name();
                    if (name.startsWith(prefix) && name.length() > prefix.length() && present[m][r] && values[m][r] > 0) {
                        return Optional.of(new NonFiniteOrigin(iterations[r], d, name.substring(prefix.length()), false));
                    }
                }
            }
        }
        return Optional.empty();
    }
}
