package org.trainscope.algorithms.credit;

import java.util.Objects;

import org.trainscope.core.operators.FloatTensor;

/**
 * Where backpropagation starts for backward credit: either a loss node, whose outputs are
 * summed into the loss (gradient 1 on every output), or an upstream gradient given for a node
 * (e.g. a recorded gradient of the loss with respect to that node's output).
 *
 * @param nodeId the node the gradient is known at
 * @param gradient dL/d(output of nodeId) for the whole batch, or null for "this node is the loss"
 */
public record GradientSeed(String nodeId, FloatTensor gradient) {

    public GradientSeed {
        Objects.requireNonNull(nodeId);
    }

    public static GradientSeed loss(String lossNodeId) {
        return new GradientSeed(lossNodeId, null);
    }

    public static GradientSeed upstream(String nodeId, FloatTensor gradient) {
        return new GradientSeed(nodeId, Objects.requireNonNull(gradient));
    }
}
