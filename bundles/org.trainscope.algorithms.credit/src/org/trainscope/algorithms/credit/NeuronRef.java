package org.trainscope.algorithms.credit;

import java.util.Objects;

/**
 * One neuron: a node and the flat index of the neuron within one sample of that node's output
 * (row-major over the dimensions after the batch, e.g. c * H * W + y * W + x for NCHW).
 */
public record NeuronRef(String nodeId, int index) {

    public NeuronRef {
        Objects.requireNonNull(nodeId);
        if (index < 0) {
            throw new IllegalArgumentException("neuron index must not be negative: " + index);
        }
    }
}
