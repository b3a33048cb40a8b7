package org.trainscope.algorithms.credit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.core.operators.FloatTensor;

/**
 * Sums contributions arriving at a node from several successors (fan-out) into fresh arrays,
 * never into tensors an operator returned (those may be shared, e.g. by the identity).
 */
final class Accumulators {
    private final Map<String, float[]> sums = new HashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();

    void add(String nodeId, FloatTensor value) {
        float[] acc = sums.get(nodeId);
        if (acc == null) {
            sums.put(nodeId, value.data().clone());
            shapes.put(nodeId, value.shape());
            return;
        }
        float[] v = value.data();
        for (int i = 0; i < acc.length; i++) {
            acc[i] += v[i];
        }
    }

    void addAll(List<String> nodeIds, List<FloatTensor> values) {
        if (values.size() != nodeIds.size()) {
            throw new IllegalStateException("an operator returned " + values.size() + " tensors for " + nodeIds.size()
                    + " inputs " + nodeIds);
        }
        for (int k = 0; k < nodeIds.size(); k++) {
            add(nodeIds.get(k), values.get(k));
        }
    }

    FloatTensor get(String nodeId) {
        float[] acc = sums.get(nodeId);
        return acc == null ? null : new FloatTensor(shapes.get(nodeId), acc);
    }

    Map<String, FloatTensor> all() {
        Map<String, FloatTensor> out = new HashMap<>();
        for (String id : sums.keySet()) {
            out.put(id, get(id));
        }
        return out;
    }
}
