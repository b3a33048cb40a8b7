package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.LayerCredit;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphs;
import org.trainscope.algorithms.credit.provider.CreditGraphLayout;

/** From a credit result to the graph on screen: which neurons, which edges, how heavy. */
class CreditGraphsTest {
    /** in → a (dense) → b (relu) → c (dense). */
    private static final NetworkGraph CHAIN = NetworkGraph.builder().add(Node.operator("in", "input"))
            .add(Node.operator("a", "dense")).add(Node.operator("b", "relu")).add(Node.operator("c", "dense"))
            .connect("in", "a").connect("a", "b").connect("b", "c").build();

    private static LayerCredit layer(String id, float... values) {
        return new LayerCredit(id, new int[] { values.length }, values, new float[] { 0 },
                LayerCredit.topByMagnitude(values, values.length));
    }

    private static CreditResult result(Direction d, NeuronRef target, LayerCredit... layers) {
        return new CreditResult(d, target, new int[] { 0 }, 1, List.of(layers), new float[] { 1 }, new int[] { 0 },
                Map.of());
    }

    @Test
    void forwardShowsTheTargetAndTheTopNeuronsOfEachEarlierLayer() {
        CreditResult r = result(Direction.FORWARD, new NeuronRef("b", 1), layer("in", 0.5f, -0.2f, 0.1f),
                layer("a", 0.1f, 0.7f, 0), layer("b", 0, 0.7f, 0));
        CreditGraph g = CreditGraphs.of(r, CHAIN, 2);
        assertEquals("b#1", g.target().id());
        assertTrue(g.target().target());
        assertEquals(0.7f, g.target().value());
        assertEquals(Set.of("b", "in", "a"), g.layerIds());
        assertEquals(List.of("b#1", "in#0", "in#1", "a#1", "a#0"), g.nodes().stream().map(CreditGraph.Node::id).toList());
    }

    @Test
    void forwardEdgesPointAtTheTargetAndSplitEachNeuronsCreditByItsNeighboursMagnitude() {
        CreditResult r = result(Direction.FORWARD, new NeuronRef("b", 1), layer("in", 0.5f, -0.2f, 0.1f),
                layer("a", 0.1f, 0.3f, 0), layer("b", 0, 0.4f, 0));
        CreditGraph g = CreditGraphs.of(r, CHAIN, 2);
        // in#0 (0.5) splits over a#1 (0.3) and a#0 (0.1): 0.375 and 0.125
        assertEquals(0.375f, weight(g, "in#0", "a#1"), 1e-6);
        assertEquals(0.125f, weight(g, "in#0", "a#0"), 1e-6);
        assertEquals(-0.15f, weight(g, "in#1", "a#1"), 1e-6);
        assertEquals(0.3f, weight(g, "a#1", "b#1"), 1e-6, "the last step carries the whole credit");
        assertEquals(6, g.edges().size());
    }

    @Test
    void backwardShowsLaterLayersWithEdgesInDataFlowOrder() {
        CreditResult r = result(Direction.BACKWARD, new NeuronRef("a", 0), layer("a", -0.6f, 0), layer("b", -0.6f, 0),
                layer("c", -0.4f, -0.2f));
        CreditGraph g = CreditGraphs.of(r, CHAIN, 3);
        // b (relu) is drawn with a, the operator it follows; the edges skip it
        assertEquals(Set.of("a", "c"), g.layerIds());
        assertEquals(-0.4f, weight(g, "a#0", "c#0"), 1e-6);
        assertEquals(-0.2f, weight(g, "a#0", "c#1"), 1e-6);
    }

    @Test
    void activationsAndReshapesAreDrawnWithTheOperatorTheyFollow() {
        NetworkGraph net = NetworkGraph.builder().add(Node.operator("in", "input")).add(Node.operator("a", "conv2d"))
                .add(Node.operator("r", "relu")).add(Node.operator("f", "flatten")).add(Node.operator("c", "dense"))
                .connect("in", "a").connect("a", "r").connect("r", "f").connect("f", "c").build();
        CreditResult r = result(Direction.FORWARD, new NeuronRef("c", 0), layer("in", 0.5f, 0.5f),
                layer("a", 0.4f, 0.6f), layer("r", 0.4f, 0.6f), layer("f", 0.4f, 0.6f), layer("c", 1f));
        CreditGraph g = CreditGraphs.of(r, net, 2);
        assertEquals(Set.of("in", "a", "c"), g.layerIds());
        assertEquals(0.6f, weight(g, "a#1", "c#0"), 1e-6, "the edge goes past relu and flatten");
        assertEquals("a (conv2d + relu)", g.nodes().stream().filter(n -> n.layerId().equals("a")).findFirst()
                .orElseThrow().layerLabel());
        // the layer the user asked about is always drawn, even an activation
        assertEquals(Set.of("in", "a", "r"), CreditGraphs.of(result(Direction.FORWARD, new NeuronRef("r", 0),
                layer("in", 0.5f, 0.5f), layer("a", 0.4f, 0.6f), layer("r", 1f, 0)), net, 2).layerIds());
    }

    @Test
    void neuronsWithoutCreditAreLeftOutButALayerWithNoneKeepsOne() {
        CreditResult r = result(Direction.FORWARD, new NeuronRef("b", 0), layer("in", 0, 0, 0), layer("a", 0, 0.2f, 0),
                layer("b", 0.2f, 0, 0));
        CreditGraph g = CreditGraphs.of(r, CHAIN, 3);
        assertEquals(1, g.nodes().stream().filter(n -> n.layerId().equals("a")).count());
        assertEquals(1, g.nodes().stream().filter(n -> n.layerId().equals("in")).count());
        assertEquals(0f, weight(g, "in#0", "a#1"), "a chain without credit is still drawn, with weight 0");
    }

    @Test
    void nonFiniteCreditStaysNonFiniteOnItsEdges() {
        CreditResult r = result(Direction.FORWARD, new NeuronRef("b", 0), layer("in", 1, 0, 0),
                layer("a", Float.NaN, 0, 0), layer("b", Float.NaN, 0, 0));
        CreditGraph g = CreditGraphs.of(r, CHAIN, 3);
        assertTrue(Float.isNaN(weight(g, "in#0", "a#0")));
        assertTrue(Float.isNaN(weight(g, "a#0", "b#0")));
        assertEquals(0f, g.maxEdgeMagnitude());
    }

    @Test
    void theLayoutPutsEarlierLayersLeftOfTheTarget() {
        CreditResult r = result(Direction.FORWARD, new NeuronRef("b", 1), layer("in", 0.5f, -0.2f, 0.1f),
                layer("a", 0.1f, 0.7f, 0), layer("b", 0, 0.7f, 0));
        CreditGraph g = CreditGraphs.of(r, CHAIN, 3);
        CreditGraphLayout.Result l = CreditGraphLayout.layout(g, n -> new double[] { 80, 30 });
        double in = l.boxes().get("in#0").x();
        double a = l.boxes().get("a#1").x();
        double b = l.boxes().get("b#1").x();
        assertTrue(in < a && a < b, in + " < " + a + " < " + b);
        assertEquals(g.edges().size(), l.bends().size());
        assertTrue(l.width() > 3 * 80 && l.height() >= 3 * 30, l.width() + " x " + l.height());
    }

    private static float weight(CreditGraph g, String from, String to) {
        return g.edges().stream().filter(e -> e.from().equals(from) && e.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no edge " + from + " -> " + to + " in " + g.edges())).weight();
    }
}
