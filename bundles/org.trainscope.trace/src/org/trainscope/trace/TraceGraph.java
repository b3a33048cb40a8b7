package org.trainscope.trace;

import java.util.List;

/** The network as stored in a trace: layers, nodes and data-flow edges; always acyclic. */
public record TraceGraph(List<LayerGroup> layers, List<GraphNode> nodes, List<GraphEdge> edges) {
    public TraceGraph {
        layers = List.copyOf(layers);
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }
}
