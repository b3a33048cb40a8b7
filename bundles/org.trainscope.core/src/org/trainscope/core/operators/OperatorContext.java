package org.trainscope.core.operators;

import java.util.Map;
import java.util.Optional;

import org.trainscope.core.model.Node;

/**
 * What an operator needs besides its inputs: the node (with attributes such as stride) and the
 * recorded parameter values of the snapshot being analysed, by name ("W", "b", ...).
 */
public record OperatorContext(Node node, Map<String, FloatTensor> parameters) {

    public OperatorContext {
        parameters = Map.copyOf(parameters);
    }

    public Optional<FloatTensor> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /** The parameter, or an exception naming the node and what is missing. */
    public FloatTensor requireParameter(String name) {
        return parameter(name).orElseThrow(() -> new IllegalArgumentException(
                "node " + node.id() + " (" + node.operatorType() + ") has no recorded parameter '" + name + "'"));
    }

    public int intAttribute(String name, int fallback) {
        String v = node.attributes().get(name);
        return v == null ? fallback : Integer.parseInt(v.trim());
    }
}
