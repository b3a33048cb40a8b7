package org.trainscope.trace;

import java.util.Map;

/**
 * A node of the network graph. {@code op}, {@code name} and {@code layer} may be null;
 * {@code attributes} holds free-form JSON values (String, Long, Double, Boolean, List, Map).
 */
public record GraphNode(String id, TraceNodeKind kind, String op, String name, String layer, Map<String, Object> attributes) {
    public GraphNode {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    public GraphNode(String id, TraceNodeKind kind, String op, String layer) {
        this(id, kind, op, null, layer, Map.of());
    }
}
