package org.trainscope.core.snapshot;

import java.util.List;

import org.trainscope.core.model.Node;

/**
 * One node of the snapshot: the graph's node, the data flowing through it over the window, and
 * its abnormality.
 *
 * @param node the network graph's node
 * @param values its activations (operators, random variables, inputs) or its own values (weights
 *        and biases of a parameter), one series per recorded tensor
 * @param gradients its gradient tensors
 * @param abnormality the node's score (the largest of its tensors')
 * @param rank 1 for the most abnormal node of the graph, 0 when the node has no record to score
 * @param marked whether the node is among the top-ranked ones the view marks
 */
public record NodeFlow(Node node, List<FlowSeries> values, List<FlowSeries> gradients, Abnormality abnormality,
        int rank, boolean marked) {

    public NodeFlow {
        values = List.copyOf(values);
        gradients = List.copyOf(gradients);
    }

    public String id() {
        return node.id();
    }

    /** Every series of the node, values first. */
    public List<FlowSeries> series() {
        return java.util.stream.Stream.concat(values.stream(), gradients.stream()).toList();
    }

    /** Whether anything of the node was recorded in the window. */
    public boolean hasData() {
        return series().stream().anyMatch(s -> s.size() > 0);
    }
}
