package org.trainscope.recorders.dl4j;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;

/** Collects nodes, layers and edges, and makes every id valid and unique (trace-format.md §8). */
final class GraphDraft {
    private static final Pattern BAD_ID_CHARS = Pattern.compile("[^A-Za-z0-9_.-]");

    private final List<LayerGroup> layers = new ArrayList<>();
    private final List<GraphNode> nodes = new ArrayList<>();
    private final List<GraphEdge> edges = new ArrayList<>();
    private final Set<String> nodeIds = new HashSet<>();
    private final Set<String> layerIds = new HashSet<>();

    /** A valid id close to {@code text}, unused in {@code taken}, and reserves it. */
    static String uniqueId(String text, Set<String> taken) {
        String id = BAD_ID_CHARS.matcher(text == null || text.isEmpty() ? "x" : text).replaceAll("_");
        if (id.charAt(0) == '.' || id.charAt(0) == '-') {
            id = "_" + id;
        }
        if (id.length() > 120) {
            id = id.substring(0, 120);
        }
        String candidate = id;
        for (int n = 2; !taken.add(candidate); n++) {
            candidate = id + "_" + n;
        }
        return candidate;
    }

    String layer(String name) {
        String id = uniqueId(name, layerIds);
        layers.add(new LayerGroup(id, name));
        return id;
    }

    String operator(String id, String op, String name, String layer, Map<String, Object> attributes) {
        return add(id, TraceNodeKind.OPERATOR, op, name, layer, attributes);
    }

    String parameter(String id, String name, String layer) {
        return add(id, TraceNodeKind.PARAMETER, null, name, layer, Map.of());
    }

    String randomVariable(String id, String distribution, String name, String layer, Map<String, Object> attributes) {
        return add(id, TraceNodeKind.RANDOM_VARIABLE, distribution, name, layer, attributes);
    }

    private String add(String wanted, TraceNodeKind kind, String op, String name, String layer, Map<String, Object> attributes) {
        String id = uniqueId(wanted, nodeIds);
        nodes.add(new GraphNode(id, kind, op, name, layer, attributes == null ? Map.of() : new LinkedHashMap<>(attributes)));
        return id;
    }

    void edge(String from, String to) {
        edges.add(new GraphEdge(from, to));
    }

    TraceGraph build() {
        return new TraceGraph(layers, nodes, edges);
    }
}
