package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * What there is to know about one node of a run's network, as Run Summary rows: what it is
 * (kind, operator, attributes), where it sits (layer group, the nodes it reads from and feeds),
 * and what was recorded of it (each tensor's kind, shape and record count). Cheap: no tensor
 * data is read.
 */
public final class NodeSummary {
    private NodeSummary() {
    }

    public static List<RunSummary.Row> of(Run run, Node node) {
        NetworkGraph graph = run.graph();
        List<RunSummary.Row> rows = new ArrayList<>();
        rows.add(new RunSummary.Row("Node", NodeNames.name(node), false));
        NodeNames.alias(node).ifPresent(a -> rows.add(new RunSummary.Row("Named in the trace", a, false)));
        rows.add(new RunSummary.Row("Kind", kind(node.kind()), false));
        if (!node.operatorType().isEmpty()) {
            rows.add(new RunSummary.Row(node.kind() == NodeKind.RANDOM_VARIABLE ? "Distribution" : "Operator",
                    node.operatorType(), false));
        }
        if (!node.layerGroup().isEmpty()) {
            rows.add(new RunSummary.Row("Layer group", node.layerGroup(), false));
        }
        for (Map.Entry<String, String> a : new TreeMap<>(node.attributes()).entrySet()) {
            rows.add(new RunSummary.Row("  " + a.getKey(), a.getValue(), false));
        }
        rows.add(new RunSummary.Row("Reads from", names(graph, graph.predecessors(node.id()), "nothing (a source)"),
                false));
        rows.add(new RunSummary.Row("Feeds", names(graph, graph.successors(node.id()), "nothing (an output)"),
                false));
        List<TensorSeries> recorded = run.tensors().stream().filter(t -> t.nodeId().equals(node.id())).toList();
        if (recorded.isEmpty()) {
            rows.add(new RunSummary.Row("Recorded", "no tensors", false));
        }
        for (TensorSeries t : recorded) {
            rows.add(new RunSummary.Row("Recorded " + t.kind().externalName(), TensorText.shapeAndRecords(run, t),
                    false));
        }
        return rows;
    }

    private static String kind(NodeKind kind) {
        return switch (kind) {
            case OPERATOR -> "operator";
            case RANDOM_VARIABLE -> "random variable (sampled)";
            case PARAMETER -> "parameter (trained)";
        };
    }

    private static String names(NetworkGraph graph, List<String> ids, String none) {
        return ids.isEmpty() ? none : ids.stream().map(id -> NodeNames.name(graph, id)).collect(Collectors.joining(", "));
    }
}
