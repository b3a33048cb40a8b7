package org.trainscope.algorithms.credit;

import java.util.Map;

import org.trainscope.core.operators.FloatTensor;

/**
 * The parameter tensors of one snapshot of a network, per node, by parameter name ("W", "b",
 * "weight", "bias", "mean", "var", "eps", ...). Later backed by the recorded weights of a Run at
 * one iteration; in tests and benchmarks by a map.
 */
@FunctionalInterface
public interface ParameterSource {

    /** The parameters of node {@code nodeId}; empty when it has none. */
    Map<String, FloatTensor> parameters(String nodeId);

    /** A source backed by a map from node id to its parameters. */
    static ParameterSource of(Map<String, Map<String, FloatTensor>> byNode) {
        Map<String, Map<String, FloatTensor>> copy = Map.copyOf(byNode);
        return nodeId -> copy.getOrDefault(nodeId, Map.of());
    }
}
