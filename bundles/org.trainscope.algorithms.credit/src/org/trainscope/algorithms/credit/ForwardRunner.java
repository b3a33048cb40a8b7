package org.trainscope.algorithms.credit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.internal.GraphWalk;
import org.trainscope.core.model.ImportedNodes;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;

/**
 * Runs a graph forward in topological order, keeping every activation. Only the nodes a request
 * needs are run (the ancestors of a forward-credit target, of a backward-credit seed): a neuron
 * before a VAE's z needs no noise, a classifier's hidden neuron no loss node.
 */
final class ForwardRunner {
    private final OperatorLookup lookup;

    ForwardRunner(OperatorLookup lookup) {
        this.lookup = lookup;
    }

    ForwardTrace run(NetworkGraph graph, ParameterSource parameters, Map<String, FloatTensor> inputs,
            SubMonitor monitor) {
        return run(graph, parameters, inputs, null, monitor);
    }

    /** @param needed the nodes to compute (null: all); must hold the ancestors of each of its nodes */
    ForwardTrace run(NetworkGraph graph, ParameterSource parameters, Map<String, FloatTensor> inputs,
            Set<String> needed, SubMonitor monitor) {
        Map<String, FloatTensor> activations = new HashMap<>();
        Map<String, OperatorContext> contexts = new HashMap<>();
        Map<String, IOperator> operators = new HashMap<>();
        int batch = -1;
        monitor.setWorkRemaining(graph.size());
        for (String id : graph.topologicalOrder()) {
            monitor.split(1);
            Node node = graph.node(id).orElseThrow();
            if (node.kind() == NodeKind.PARAMETER || needed != null && !needed.contains(id)) {
                continue;
            }
            ImportedNodes.refusal(node).ifPresent(message -> {
                throw new IllegalArgumentException(message); // an adapter kept a node it could not translate
            });
            if (GraphWalk.isSource(graph, node)) {
                FloatTensor x = inputs.get(id);
                if (x == null) {
                    throw new IllegalArgumentException("no input given for source node '" + id + "'; given: "
                            + inputs.keySet());
                }
                batch = checkBatch(batch, x, id);
                activations.put(id, x);
                continue;
            }
            IOperator op = lookup.find(node.operatorType()).orElseThrow(() -> new IllegalArgumentException(
                    "credit cannot pass node " + id + ": no operator implements type '" + node.operatorType()
                            + "'" + BuiltInOperators.rejection(node.operatorType()).map(r -> " (" + r + ")").orElse("")));
            OperatorContext context = new OperatorContext(node, parameters.parameters(id));
            List<FloatTensor> in = GraphWalk.dataInputs(graph, node).stream().map(activations::get).toList();
            FloatTensor out = op.forward(context, in);
            batch = checkBatch(batch, out, id);
            activations.put(id, out);
            contexts.put(id, context);
            operators.put(id, op);
        }
        return new ForwardTrace(graph, activations, contexts, operators, Math.max(batch, 0));
    }

    private static int checkBatch(int batch, FloatTensor t, String id) {
        if (t.rank() == 0) {
            throw new IllegalArgumentException("node " + id + " has a scalar value; tensors are batch-first");
        }
        if (batch >= 0 && t.dim(0) != batch) {
            throw new IllegalArgumentException("node " + id + " has batch size " + t.dim(0) + ", expected " + batch);
        }
        return t.dim(0);
    }
}
