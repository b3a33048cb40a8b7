package org.trainscope.ui.credit.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.LayerCredit;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NeuronLayout;

/**
 * Turns a {@link CreditResult} into the {@link CreditGraph} on screen: the target, and for every
 * other layer of the result its top-k neurons by |credit|.
 * <p>
 * The engine gives each neuron's total credit, not the messages between pairs of neurons, so an
 * edge from a neuron of a layer to the top neurons of its neighbour toward the target splits the
 * neuron's credit in proportion to their magnitudes: the edges leaving a neuron toward the target
 * sum to its own credit, and edge width by |weight| stays comparable across layers.
 */
public final class CreditGraphs {
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
            if (layer.nodeId().equals(target.nodeId())) {
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
            List<String> neighbours = forward ? graph.successors(far.getKey()) : graph.predecessors(far.getKey());
            for (String near : neighbours) {
                List<CreditGraph.Node> nearNodes = byLayer.get(near);
                if (nearNodes != null) {
                    connect(far.getValue(), nearNodes, forward, edges);
                }
            }
        }
        return new CreditGraph(result.direction(), nodes, edges);
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

    /** "conv1 (conv2d)", or the label alone when it already says the operator. */
    static String label(NetworkGraph graph, String nodeId) {
        return graph.node(nodeId).map(n -> n.operatorType().isEmpty() || n.label().equals(n.operatorType())
                ? n.label()
                : n.label() + " (" + n.operatorType() + ")").orElse(nodeId);
    }
}
