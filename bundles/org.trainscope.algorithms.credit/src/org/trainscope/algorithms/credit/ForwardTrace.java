package org.trainscope.algorithms.credit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.trainscope.algorithms.credit.internal.GraphWalk;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;

/**
 * The activations of every node for one batch and one parameter snapshot, with what is needed
 * to replay any operator backward: the relevance, gradient and tangent passes all start from it.
 */
public final class ForwardTrace {
    private final NetworkGraph graph;
    private final Map<String, FloatTensor> activations;
    private final Map<String, OperatorContext> contexts;
    private final Map<String, IOperator> operators;
    private final int batchSize;

    ForwardTrace(NetworkGraph graph, Map<String, FloatTensor> activations, Map<String, OperatorContext> contexts,
            Map<String, IOperator> operators, int batchSize) {
        this.graph = graph;
        this.activations = activations;
        this.contexts = contexts;
        this.operators = operators;
        this.batchSize = batchSize;
    }

    public NetworkGraph graph() {
        return graph;
    }

    /** The output of {@code nodeId}, batch first. */
    public FloatTensor activation(String nodeId) {
        FloatTensor a = activations.get(nodeId);
        if (a == null) {
            throw new IllegalArgumentException("no activation for node '" + nodeId + "'");
        }
        return a;
    }

    public int batchSize() {
        return batchSize;
    }

    /** True when the node's value was given as input rather than computed. */
    public boolean isSource(String nodeId) {
        return !operators.containsKey(nodeId);
    }

    IOperator operator(String nodeId) {
        return operators.get(nodeId);
    }

    OperatorContext context(String nodeId) {
        return contexts.get(nodeId);
    }

    Node node(String nodeId) {
        return graph.node(nodeId).orElseThrow();
    }

    List<String> inputIds(String nodeId) {
        return GraphWalk.dataInputs(graph, node(nodeId));
    }

    List<FloatTensor> inputs(String nodeId) {
        List<FloatTensor> in = new ArrayList<>();
        for (String p : inputIds(nodeId)) {
            in.add(activation(p));
        }
        return in;
    }
}
