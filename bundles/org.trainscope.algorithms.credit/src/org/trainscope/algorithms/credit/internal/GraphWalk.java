package org.trainscope.algorithms.credit.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;

/** Reachability and input order in a {@link NetworkGraph}, as the credit passes need them. */
public final class GraphWalk {
    /** Operators that only move values; the first layer is found by looking through them. */
    private static final Set<String> SHAPE_ONLY = Set.of("flatten", "reshape", "dropout", "identity");

    private GraphWalk() {
    }

    /** True for nodes whose value is given rather than computed: no data predecessors, or type "input". */
    public static boolean isSource(NetworkGraph graph, Node node) {
        return node.operatorType().equals("input") || dataInputs(graph, node).isEmpty();
    }

    /**
     * The data predecessors of a node (parameter nodes excluded: their values come from the
     * parameter source), ordered by the attribute {@code inputOrder} (comma-separated ids) when
     * present, else by the VAE attributes {@code mean} and {@code logVariance} (DL4J recorder),
     * else by edge order.
     */
    public static List<String> dataInputs(NetworkGraph graph, Node node) {
        List<String> preds = new ArrayList<>();
        for (String p : graph.predecessors(node.id())) {
            if (graph.node(p).map(n -> n.kind() != NodeKind.PARAMETER).orElse(false)) {
                preds.add(p);
            }
        }
        String order = node.attributes().get("inputOrder");
        List<String> first = new ArrayList<>();
        if (order != null) {
            for (String id : order.split(",")) {
                first.add(id.trim());
            }
        } else if (node.attributes().containsKey("mean")) {
            first.add(node.attributes().get("mean"));
            first.add(node.attributes().getOrDefault("logVariance", node.attributes().getOrDefault("logvar", "")));
        }
        List<String> ordered = new ArrayList<>();
        for (String id : first) {
            if (preds.contains(id) && !ordered.contains(id)) {
                ordered.add(id);
            }
        }
        for (String p : preds) {
            if (!ordered.contains(p)) {
                ordered.add(p);
            }
        }
        return ordered;
    }

    /** The node and every node it depends on. */
    public static Set<String> ancestors(NetworkGraph graph, String id) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(List.of(id));
        while (!stack.isEmpty()) {
            String n = stack.remove(stack.size() - 1);
            if (seen.add(n)) {
                stack.addAll(graph.predecessors(n));
            }
        }
        return seen;
    }

    /** The node and every node that depends on it. */
    public static Set<String> descendants(NetworkGraph graph, String id) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(List.of(id));
        while (!stack.isEmpty()) {
            String n = stack.remove(stack.size() - 1);
            if (seen.add(n)) {
                stack.addAll(graph.successors(n));
            }
        }
        return seen;
    }

    /** Whether {@code node} reads a graph input directly or through shape-only operators. */
    public static boolean isFirstLayer(NetworkGraph graph, Node node) {
        if (isSource(graph, node)) {
            return false;
        }
        Set<String> visited = new HashSet<>();
        List<String> stack = new ArrayList<>(dataInputs(graph, node));
        while (!stack.isEmpty()) {
            Node n = graph.node(stack.remove(stack.size() - 1)).orElseThrow();
            if (!visited.add(n.id())) {
                continue;
            }
            if (isSource(graph, n)) {
                continue;
            }
            if (!SHAPE_ONLY.contains(n.operatorType())) {
                return false;
            }
            stack.addAll(dataInputs(graph, n));
        }
        return true;
    }
}
