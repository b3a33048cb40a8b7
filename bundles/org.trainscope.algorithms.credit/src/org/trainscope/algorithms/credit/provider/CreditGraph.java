package org.trainscope.algorithms.credit.provider;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.trainscope.algorithms.credit.CreditResult;

/**
 * What the neuron credit view draws: the target neuron and the top neurons of the layers that
 * credit it, with edges between neighbouring layers. Plain data, no SWT: built by
 * {@link CreditGraphs}, laid out by {@link CreditGraphLayout}.
 *
 * @param direction forward (earlier layers, edges point at the target) or backward (later layers)
 * @param nodes the neurons, the target first
 * @param edges always from the earlier layer to the later one, so a left-to-right layout reads
 *        in data-flow order in both directions
 */
public record CreditGraph(CreditResult.Direction direction, List<Node> nodes, List<Edge> edges) {

    /**
     * @param id unique within the graph ("layer#neuron")
     * @param layerId the network node the neuron belongs to
     * @param layerLabel how the layer is named on screen (label and operator)
     * @param neuron flat per-sample index of the neuron in its layer (its unit)
     * @param unitName the unit as users count it: "unit 17", "channel 3 (y 5, x 7)"
     * @param shortName the same, short enough for a box: "#17", "c3 y5 x7"
     * @param value its credit: relevance (forward) or contribution to the gradient (backward);
     *        for the target, its activation (forward) or gradient (backward)
     */
    public record Node(String id, String layerId, String layerLabel, int neuron, String unitName, String shortName,
            float value, boolean target) {
    }

    /** @param weight signed credit carried along the edge; may be NaN or infinite (data) */
    public record Edge(String from, String to, float weight) {
    }

    public CreditGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** The layers that have at least one neuron on display, target's included, in node order. */
    public Set<String> layerIds() {
        Set<String> ids = new LinkedHashSet<>();
        nodes.forEach(n -> ids.add(n.layerId()));
        return ids;
    }

    public Node target() {
        return nodes.get(0);
    }

    /** Largest finite |weight| of the edges, for scaling line widths; 0 when there is none. */
    public float maxEdgeMagnitude() {
        float max = 0;
        for (Edge e : edges) {
            if (Float.isFinite(e.weight())) {
                max = Math.max(max, Math.abs(e.weight()));
            }
        }
        return max;
    }
}
