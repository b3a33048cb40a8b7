package org.trainscope.core.model;

import java.util.Map;
import java.util.Objects;

/**
 * One node of a network graph.
 *
 * @param id unique id within the graph, stable across snapshots
 * @param label what people read (layer name)
 * @param kind operator, random variable or parameter
 * @param operatorType the operator type for {@link NodeKind#OPERATOR} nodes ("dense", "conv2d", ...),
 *        matched against {@code org.trainscope.core.operators}; empty for other kinds
 * @param layerGroup the layer group the node is drawn in (e.g. "encoder", "conv1"); empty when none
 * @param attributes operator attributes (kernel size, stride, activation, ...) as text
 */
public record Node(String id, String label, NodeKind kind, String operatorType, String layerGroup,
        Map<String, String> attributes) {

    public Node {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a node id must not be blank");
        }
        label = label == null || label.isBlank() ? id : label;
        operatorType = operatorType == null ? "" : operatorType;
        layerGroup = layerGroup == null ? "" : layerGroup;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** An operator node without attributes or group. */
    public static Node operator(String id, String operatorType) {
        return new Node(id, id, NodeKind.OPERATOR, operatorType, "", Map.of());
    }
}
