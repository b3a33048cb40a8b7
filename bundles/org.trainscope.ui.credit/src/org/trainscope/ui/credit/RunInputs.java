package org.trainscope.ui.credit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;

/**
 * The recorded probe inputs of a run as the credit engine's input map: record 0 of
 * {@link Run#probeInputs()}, shape [batch, ...], for every source node of the graph. Networks
 * with one input are the rule; a network with several sources gets the probe for each, which
 * fails in the engine with a shape message when that is wrong rather than silently here.
 */
public final class RunInputs {
    private RunInputs() {
    }

    /**
     * @throws IllegalArgumentException when the run has no probe inputs (credit needs inputs to
     *         run the network on)
     */
    public static Map<String, FloatTensor> of(Run run) throws IOException {
        TensorSeries probe = run.probeInputs().orElseThrow(() -> new IllegalArgumentException(
                "the run '" + run.name() + "' has no recorded probe inputs to explain the neuron on"));
        float[] values = new float[probe.neuronCount()];
        probe.readSnapshot(0, values);
        FloatTensor x = new FloatTensor(probe.shape(), values);
        Map<String, FloatTensor> inputs = new LinkedHashMap<>();
        for (String id : sources(run.graph())) {
            inputs.put(id, x);
        }
        return inputs;
    }

    /**
     * Non-parameter nodes that are declared inputs or have no non-parameter predecessor (the
     * engine's notion of a source).
     */
    public static List<String> sources(NetworkGraph graph) {
        List<String> out = new ArrayList<>();
        for (String id : graph.topologicalOrder()) {
            Node node = graph.node(id).orElseThrow();
            if (node.kind() == NodeKind.PARAMETER) {
                continue;
            }
            boolean fed = graph.predecessors(id).stream()
                    .anyMatch(p -> graph.node(p).map(n -> n.kind() != NodeKind.PARAMETER).orElse(false));
            if (node.operatorType().equals("input") || !fed) {
                out.add(id);
            }
        }
        return out;
    }
}
