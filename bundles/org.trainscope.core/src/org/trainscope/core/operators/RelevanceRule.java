package org.trainscope.core.operators;

import java.util.Map;
import java.util.Objects;

/**
 * A Layer-wise Relevance Propagation rule with its parameters, e.g. {@code epsilon} with
 * {@code epsilon=1e-6}, {@code gamma} with {@code gamma=0.25}, {@code alphaBeta} with
 * {@code alpha=2, beta=1}, {@code zPlus}, {@code flat}, {@code zBox} (low, high), or {@code lrp0}.
 */
public record RelevanceRule(String name, Map<String, Double> parameters) {

    public static final RelevanceRule LRP_0 = new RelevanceRule("lrp0", Map.of());

    public RelevanceRule {
        Objects.requireNonNull(name);
        parameters = Map.copyOf(parameters);
    }

    public double parameter(String key, double fallback) {
        return parameters.getOrDefault(key, fallback);
    }
}
