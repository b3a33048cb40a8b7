package org.trainscope.adapters.trace;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.trainscope.adapters.MalformedDataException;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.core.model.NetworkGraph;

/** Converts the graph a manifest stores into the core model's graph (same ids, kinds and layer groups). */
final class TraceGraphs {
    private TraceGraphs() {
    }

    static NetworkGraph toCore(org.trainscope.trace.TraceGraph stored, Path manifest) throws MalformedDataException {
        NetworkGraph.Builder b = NetworkGraph.builder();
        try {
            for (GraphNode n : stored.nodes()) {
                NodeKind kind = NodeKind.valueOf(n.kind().name());
                String op = kind == NodeKind.PARAMETER || n.op() == null ? "" : n.op();
                b.add(new Node(n.id(), n.name(), kind, op, n.layer(), attributesAsText(n.attributes())));
            }
            for (GraphEdge e : stored.edges()) {
                b.connect(e.from(), e.to());
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            // the reader validates the graph already; this guards against the two disagreeing
            throw new MalformedDataException(manifest, -1, "graph: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> attributesAsText(Map<String, Object> attributes) {
        Map<String, String> text = new LinkedHashMap<>();
        attributes.forEach((k, v) -> text.put(k, String.valueOf(v)));
        return text;
    }
}
