package org.trainscope.algorithms.credit.provider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.LayerCredit;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;

/**
 * Turns a {@link CreditResult} into the {@link CreditGraph} on screen: the target, and for every
 * other layer of the result its top-k neurons by |credit|.
 * <p>
 * The engine gives each neuron's total credit, not the messages between pairs of neurons, so an
 * edge from a neuron of a layer to the top neurons of its neighbour toward the target splits the
 * neuron's credit in proportion to their magnitudes: the edges leaving a neuron toward the target
 * sum to its own credit, and edge width by |weight| stays comparable across layers.
 * <p>
 * Layers that only move values (reshape, flatten, dropout, identity) and activation functions
 * that directly follow an operator are drawn with that operator, as CNNVis aggregates a layer
 * group: their neurons carry the same credit as the operator's under LRP's pass-through of
 * element-wise functions, and drawing both made a small CNN 13 layers wide. Edges skip them.
 */
public final class CreditGraphs {
    /** Operators that move or copy values without mixing neurons. */
    private static final Set<String> DATA_MOVEMENT = Set.of("reshape", "flatten", "dropout", "identity", "pad");
    /** Element-wise activation functions. */
    private static final Set<String> ACTIVATIONS = Set.of("relu", "leakyrelu", "sigmoid", "tanh", "softplus", "elu",
            "gelu", "selu", "softsign", "hardtanh", "relu6", "swish", "silu", "cube", "rationaltanh", "rectifiedtanh");
    private CreditGraphs() {
    }

    public static CreditGraph of(CreditResult result, NetworkGraph graph, int topK) {
        NeuronRef target = result.target();
        Map<String, List<CreditGraph.Node>> byLayer = new LinkedHashMap<>();
        List<CreditGraph.Node> nodes = new ArrayList<>();
        LayerCredit targetLayer = result.layer(target.nodeId()).orElse(null);
        float targetValue = targetLayer != null && target.index() < targetLayer.contribution().length
                ? targetLayer.contribution()[target.index()]
                : Float.NaN;
        CreditGraph.Node t = new CreditGraph.Node(id(target.nodeId(), target.index()), target.nodeId(),
                label(graph, target.nodeId()), target.index(), unitName(targetLayer, target.index()),
                shortName(targetLayer, target.index()), targetValue, true);
        nodes.add(t);
        byLayer.put(target.nodeId(), List.of(t));
        for (LayerCredit layer : result.layers()) {
            if (layer.nodeId().equals(target.nodeId()) || drawnWithNeighbour(graph, layer.nodeId())) {
                continue;
            }
            List<CreditGraph.Node> top = new ArrayList<>();
            for (LayerCredit.NeuronScore s : shown(layer.top(), topK)) {
                top.add(new CreditGraph.Node(id(layer.nodeId(), s.neuron()), layer.nodeId(),
                        label(graph, layer.nodeId()), s.neuron(), unitName(layer, s.neuron()), shortName(layer, s.neuron()),
                        s.value(), false));
            }
            if (!top.isEmpty()) {
                byLayer.put(layer.nodeId(), top);
                nodes.addAll(top);
            }
        }
        boolean forward = result.direction() == CreditResult.Direction.FORWARD;
        List<CreditGraph.Edge> edges = new ArrayList<>();
        for (Map.Entry<String, List<CreditGraph.Node>> far : byLayer.entrySet()) {
            if (far.getKey().equals(target.nodeId())) {
                continue;
            }
            // the neighbour toward the target: a successor for forward credit, a predecessor for backward
            for (String near : shownNeighbours(graph, far.getKey(), forward, byLayer.keySet())) {
                List<CreditGraph.Node> nearNodes = byLayer.get(near);
                if (nearNodes != null) {
                    connect(far.getValue(), nearNodes, forward, edges);
                }
            }
        }
        return new CreditGraph(result.direction(), nodes, edges);
    }

    /** True for a layer drawn with the operator it follows (see the class comment). */
    public static boolean drawnWithNeighbour(NetworkGraph graph, String nodeId) {
        Node node = graph.node(nodeId).orElse(null);
        if (node == null || node.kind() != NodeKind.OPERATOR) {
            return false;
        }
        String op = node.operatorType();
        List<String> from = graph.predecessors(nodeId).stream()
                .filter(p -> graph.node(p).map(n -> n.kind() != NodeKind.PARAMETER).orElse(false)).toList();
        if (from.size() != 1) {
            return false; // a source, or a junction: shown
        }
        return DATA_MOVEMENT.contains(op) || ACTIVATIONS.contains(op);
    }

    /** The nearest shown layers toward the target, looking through layers drawn with a neighbour. */
    private static Set<String> shownNeighbours(NetworkGraph graph, String from, boolean forward, Set<String> shown) {
        Set<String> out = new java.util.LinkedHashSet<>();
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(forward ? graph.successors(from) : graph.predecessors(from));
        while (!todo.isEmpty()) {
            String id = todo.remove(todo.size() - 1);
            if (!seen.add(id)) {
                continue;
            }
            if (shown.contains(id)) {
                out.add(id);
            } else if (drawnWithNeighbour(graph, id)) {
                todo.addAll(forward ? graph.successors(id) : graph.predecessors(id));
            }
        }
        return out;
    }

    private static void connect(List<CreditGraph.Node> far, List<CreditGraph.Node> near, boolean forward,
            List<CreditGraph.Edge> edges) {
        double total = 0;
        for (CreditGraph.Node n : near) {
            total += Float.isFinite(n.value()) ? Math.abs(n.value()) : 0;
        }
        for (CreditGraph.Node a : far) {
            for (CreditGraph.Node b : near) {
                double share = total > 0 ? (Float.isFinite(b.value()) ? Math.abs(b.value()) / total : 0)
                        : 1.0 / near.size();
                float w = (float) (a.value() * share);
                if (!Float.isFinite(a.value()) || !Float.isFinite(b.value())) {
                    // a non-finite neuron is what the user hunts for: keep its edges visibly non-finite
                    w = Float.isNaN(a.value()) || Float.isNaN(b.value()) ? Float.NaN : a.value();
                }
                edges.add(forward ? new CreditGraph.Edge(a.id(), b.id(), w) : new CreditGraph.Edge(b.id(), a.id(), w));
            }
        }
    }

    /**
     * The top neurons without those of zero credit, which only pad the list when fewer than k
     * neurons take part (a max-pool winner, inactive ReLUs); a layer reached with no credit at
     * all keeps one neuron so the chain to the target stays visible.
     */
    static List<LayerCredit.NeuronScore> shown(List<LayerCredit.NeuronScore> top, int k) {
        List<LayerCredit.NeuronScore> out = new ArrayList<>();
        for (LayerCredit.NeuronScore s : top.subList(0, Math.min(k, top.size()))) {
            if (s.value() != 0) {
                out.add(s);
            }
        }
        if (out.isEmpty() && !top.isEmpty() && k > 0) {
            out.add(top.get(0));
        }
        return out;
    }

    /** The unit as users count it, from the layer's per-sample shape ({@link NeuronLayout}). */
    static String unitName(LayerCredit layer, int neuron) {
        if (layer == null || layer.neuronShape() == null || layer.neuronShape().length == 0) {
            return "unit " + neuron;
        }
        return NeuronLayout.of(0, layer.neuronShape()).describeUnit(neuron);
    }

    /** "#17" for a unit of a flat layer, "c3 y5 x7" for (channel, y, x): the unit in a box. */
    static String shortName(LayerCredit layer, int neuron) {
        if (layer == null || layer.neuronShape() == null || layer.neuronShape().length != 3) {
            return "#" + neuron;
        }
        int[] at = NeuronLayout.of(0, layer.neuronShape()).coordinates(neuron);
        return "c" + at[0] + " y" + at[1] + " x" + at[2];
    }

    static String id(String layer, int neuron) {
        return layer + "#" + neuron;
    }

    /**
     * "conv2d0 (conv2d)" by the node's one name ({@link NodeNames}), with the activation function
     * drawn with it ("conv2d0 (conv2d + relu)"), or the name alone when it already says the operator.
     */
    static String label(NetworkGraph graph, String nodeId) {
        return graph.node(nodeId).map(n -> {
            String name = NodeNames.name(n);
            List<String> ops = new ArrayList<>();
            if (!n.operatorType().isEmpty() && !name.equals(n.operatorType())) {
                ops.add(n.operatorType());
            }
            for (String next : graph.successors(nodeId)) {
                graph.node(next).filter(m -> ACTIVATIONS.contains(m.operatorType()) && drawnWithNeighbour(graph, next))
                        .ifPresent(m -> ops.add(m.operatorType()));
            }
            return ops.isEmpty() ? name : name + " (" + String.join(" + ", ops) + ")";
        }).orElse(nodeId);
    }
}
