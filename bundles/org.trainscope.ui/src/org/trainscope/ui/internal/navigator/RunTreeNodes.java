package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.trainscope.core.model.MetricSeries;
import org.trainscope.ui.NetworkNode;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/** The tree under a run in the navigator: its graph's layer groups, tensors, metrics and probe inputs. */
public final class RunTreeNodes {
    private RunTreeNodes() {
    }

    /** A labelled group of children under a run. */
    public record Folder(Run run, String label, List<Object> children) {
    }

    /** A layer group of the network graph with its nodes. */
    public record LayerGroup(Run run, String name, List<Node> nodes) {
        /** The nodes as tree elements. */
        public List<NetworkNode> children() {
            return nodes.stream().map(n -> new NetworkNode(run, n)).toList();
        }
    }

    /** The run's fixed probe inputs (images, usually), opened in the Probe Inputs view. */
    public record ProbeInputs(Run run, TensorSeries inputs) {
    }

    /** A metric of a run (metric series are equal by value too: two runs may share a learning rate). */
    public record Metric(Run run, MetricSeries series) {
    }

    public static List<Object> childrenOf(Run run) {
        List<Object> folders = new ArrayList<>();
        List<Object> network = networkInDataFlowOrder(run);
        if (!network.isEmpty()) {
            folders.add(new Folder(run, "Network (" + run.graph().size() + " nodes)", network));
        }
        List<TensorSeries> tensors = run.tensors();
        if (!tensors.isEmpty()) {
            folders.add(new Folder(run, "Tensors (" + tensors.size() + ")", new ArrayList<>(tensors)));
        }
        List<MetricSeries> metrics = run.metrics();
        if (!metrics.isEmpty()) {
            folders.add(new Folder(run, "Metrics (" + metrics.size() + ")",
                    new ArrayList<>(metrics.stream().map(m -> new Metric(run, m)).toList())));
        }
        run.probeInputs().ifPresent(p -> folders.add(new ProbeInputs(run, p)));
        return folders;
    }

    /**
     * Layer groups and the nodes outside any group (the input, usually), in the order data flows
     * through them: each where its first node is in the graph's topological order.
     */
    static List<Object> networkInDataFlowOrder(Run run) {
        NetworkGraph graph = run.graph();
        var groups = graph.layerGroups();
        List<Object> entries = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (String id : graph.topologicalOrder()) {
            Node node = graph.node(id).orElseThrow();
            if (node.layerGroup().isEmpty()) {
                entries.add(new NetworkNode(run, node));
            } else if (placed.add(node.layerGroup())) {
                entries.add(new LayerGroup(run, node.layerGroup(),
                        groups.get(node.layerGroup()).stream().map(n -> graph.node(n).orElseThrow()).toList()));
            }
        }
        return entries;
    }
}
