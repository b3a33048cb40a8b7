package org.trainscope.core.snapshot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trainscope.core.model.NetworkGraph;

/**
 * What the Snapshot view draws: the run's network with, per node, the data flow around the
 * current iteration and the node's abnormality rank. Immutable; no SWT.
 *
 * @param runName the run's name
 * @param iteration the current iteration
 * @param fromIteration the first iteration of the window (every node's chart spans the same window)
 * @param toIteration the last iteration of the window
 * @param nodes every node of the graph in data-flow order
 * @param edges the graph's edges
 * @param groups the layer groups in data-flow order with their node ids (nodes without a group are in none)
 * @param ranking node ids by abnormality, most abnormal first (nodes without records left out)
 * @param warnings what could not be read
 */
public record SnapshotGraphModel(String runName, long iteration, long fromIteration, long toIteration,
        List<NodeFlow> nodes, List<NetworkGraph.Edge> edges, Map<String, List<String>> groups, List<String> ranking,
        List<String> warnings) {

    public SnapshotGraphModel {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        groups = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(groups));
        ranking = List.copyOf(ranking);
        warnings = List.copyOf(warnings);
    }

    public Optional<NodeFlow> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** The marked nodes, most abnormal first. */
    public List<NodeFlow> marked() {
        return ranking.stream().map(id -> node(id).orElseThrow()).filter(NodeFlow::marked).toList();
    }

    /** The layer group of node {@code id}, "" when it has none. */
    public String groupOf(String id) {
        return node(id).map(n -> n.node().layerGroup()).orElse("");
    }
}
