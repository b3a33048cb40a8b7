package org.trainscope.core.model;

import java.util.Optional;

/**
 * The attributes an adapter writes on a node it translated from another framework's vocabulary
 * (the ONNX adapter: {@code Conv} becomes {@code conv2d}), so that what cannot be translated is
 * still in the graph and says why, instead of being computed wrongly.
 */
public final class ImportedNodes {
    /** The node's operator in its own format, e.g. "ONNX MaxPool". */
    public static final String SOURCE_OPERATOR = "sourceOperator";
    /** Why the node cannot be recomputed (an operator or attribute value without equivalent). */
    public static final String NOT_EXPLAINABLE = "notExplainable";

    private ImportedNodes() {
    }

    /** The operator as its source format names it, or the node's operator type. */
    public static String sourceOperator(Node node) {
        String s = node.attributes().get(SOURCE_OPERATOR);
        return s == null || s.isBlank() ? node.operatorType() : s;
    }

    /** "node N (ONNX Op) cannot be explained: why", when the adapter marked the node so. */
    public static Optional<String> refusal(Node node) {
        String why = node.attributes().get(NOT_EXPLAINABLE);
        if (why == null || why.isBlank()) {
            return Optional.empty();
        }
        return Optional.of("node " + node.id() + " (" + sourceOperator(node) + ") cannot be explained: " + why);
    }
}
