package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.GraphCycleException;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;

class NetworkGraphTest {

    private static NetworkGraph.Builder vae() {
        return NetworkGraph.builder()
                .add(new Node("x", "input", NodeKind.OPERATOR, "input", "encoder", Map.of()))
                .add(new Node("enc", "encoder dense", NodeKind.OPERATOR, "dense", "encoder", Map.of()))
                .add(new Node("W_enc", "W", NodeKind.PARAMETER, "", "encoder", Map.of()))
                .add(new Node("z", "z", NodeKind.RANDOM_VARIABLE, "", "latent", Map.of()))
                .add(new Node("dec", "decoder dense", NodeKind.OPERATOR, "dense", "decoder", Map.of()))
                .connect("x", "enc").connect("W_enc", "enc").connect("enc", "z").connect("z", "dec");
    }

    @Test
    void topologicalOrderPutsEveryEdgeForward() {
        NetworkGraph g = vae().build();
        List<String> order = g.topologicalOrder();
        assertEquals(5, order.size());
        for (NetworkGraph.Edge e : g.edges()) {
            assertTrue(order.indexOf(e.from()) < order.indexOf(e.to()), e.toString());
        }
        assertEquals(List.of("x", "W_enc"), g.predecessors("enc"));
        assertEquals(List.of("dec"), g.successors("z"));
    }

    @Test
    void layerGroupsFollowDataFlow() {
        Map<String, List<String>> groups = vae().build().layerGroups();
        assertEquals(List.of("encoder", "latent", "decoder"), List.copyOf(groups.keySet()));
        assertEquals(3, groups.get("encoder").size());
    }

    /**
     * A CNN as the DL4J recorder writes it: every layer's parameters are sources of the graph, and
     * the input belongs to no layer group. Groups must still come in the order data flows through
     * them (not parameters first), and each parameter right before the operator that reads it.
     */
    @Test
    void layerGroupsOfACnnFollowDataFlowNotParameterSources() {
        NetworkGraph.Builder b = NetworkGraph.builder().add(new Node("input", "input", NodeKind.OPERATOR, "input", "",
                Map.of()));
        String previous = "input";
        for (String layer : List.of("conv2d0", "maxpool1", "conv2d2", "maxpool3", "dense4", "output5")) {
            b.add(new Node(layer, "layer", NodeKind.OPERATOR, layer.replaceAll("\\d", ""), layer, Map.of()));
            b.connect(previous, layer);
            if (!layer.startsWith("maxpool")) {
                for (String p : List.of(".b", ".W")) {
                    b.add(new Node(layer + p, p.substring(1), NodeKind.PARAMETER, "", layer, Map.of()));
                    b.connect(layer + p, layer);
                }
            }
            previous = layer;
        }
        b.add(new Node("loss", "loss", NodeKind.OPERATOR, "loss", "output5", Map.of())).connect("output5", "loss");
        NetworkGraph g = b.build();
        assertEquals(List.of("conv2d0", "maxpool1", "conv2d2", "maxpool3", "dense4", "output5"),
                List.copyOf(g.layerGroups().keySet()));
        List<String> order = g.topologicalOrder();
        assertEquals("input", order.get(0));
        assertEquals(List.of("conv2d2.b", "conv2d2.W", "conv2d2"), order.subList(order.indexOf("conv2d2") - 2,
                order.indexOf("conv2d2") + 1));
        assertEquals("maxpool1", order.get(order.indexOf("conv2d2.b") - 1));
        for (NetworkGraph.Edge e : g.edges()) {
            assertTrue(order.indexOf(e.from()) < order.indexOf(e.to()), e.toString());
        }
        assertEquals(List.of("output5.b", "output5.W", "output5", "loss"), g.layerGroups().get("output5"));
    }

    /** Two sinks sharing a trunk (a VAE's reconstruction and its KL term): every node once, edges forward. */
    /**
     * The PyTorch recorder lists a layer's weight and bias before its data input. The walk from the
     * output then met the decoder's last weight first, and the Run Summary said "decoder → latent →
     * encoder" for the recorded VAE.
     */
    @Test
    void layerGroupsFollowDataFlowWhenParametersAreListedBeforeTheInput() {
        NetworkGraph.Builder b = NetworkGraph.builder();
        b.add(new Node("input", "input", NodeKind.OPERATOR, "input", "", Map.of()));
        String previous = "input";
        for (String group : List.of("encoder", "latent", "decoder")) {
            String layer = group + ".0";
            b.add(new Node(layer + ".weight", "W", NodeKind.PARAMETER, "", group, Map.of()))
                    .add(new Node(layer + ".bias", "b", NodeKind.PARAMETER, "", group, Map.of()))
                    .add(new Node(layer, layer, NodeKind.OPERATOR, "dense", group, Map.of()))
                    .connect(layer + ".weight", layer).connect(layer + ".bias", layer).connect(previous, layer);
            previous = layer;
        }
        NetworkGraph g = b.build();
        assertEquals(List.of("encoder", "latent", "decoder"), List.copyOf(g.layerGroups().keySet()));
        List<String> order = g.topologicalOrder();
        assertEquals("input", order.get(0));
        // a layer's parameters come just before the layer, after the data that reaches it
        assertEquals(List.of("encoder.0.weight", "encoder.0.bias", "encoder.0"), order.subList(1, 4));
        // the graph's own predecessors keep the recorded edge order
        assertEquals(List.of("decoder.0.weight", "decoder.0.bias", "latent.0"), g.predecessors("decoder.0"));
    }

    @Test
    void dataFlowOrderVisitsSharedNodesOnce() {
        NetworkGraph g = NetworkGraph.builder().add(Node.operator("x", "input")).add(Node.operator("h", "dense"))
                .add(Node.operator("kl", "loss")).add(Node.operator("out", "dense")).add(Node.operator("rec", "loss"))
                .connect("x", "h").connect("h", "kl").connect("h", "out").connect("x", "rec").connect("out", "rec")
                .build();
        assertEquals(List.of("x", "h", "kl", "out", "rec"), g.topologicalOrder());
    }

    @Test
    void cycleIsRejectedNamingItsNodes() {
        GraphCycleException e = assertThrows(GraphCycleException.class,
                () -> vae().connect("dec", "enc").build());
        List<String> cycle = e.cycle();
        assertEquals(cycle.get(0), cycle.get(cycle.size() - 1));
        assertTrue(cycle.containsAll(List.of("enc", "z", "dec")), cycle.toString());
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
        // consecutive ids along the reported cycle are real edges
        NetworkGraph.Builder b = vae();
        for (int i = 0; i + 1 < cycle.size(); i++) {
            String from = cycle.get(i);
            String to = cycle.get(i + 1);
            assertTrue((from.equals("dec") && to.equals("enc")) || vae().build().successors(from).contains(to),
                    from + " -> " + to);
        }
        assertTrue(b.build().size() == 5);
    }

    @Test
    void selfLoopIsACycle() {
        assertThrows(GraphCycleException.class, () -> vae().connect("z", "z").build());
    }

    @Test
    void edgeToUnknownNodeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> vae().connect("dec", "nowhere").build());
        assertTrue(e.getMessage().contains("nowhere"));
    }

    @Test
    void duplicateNodeIdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> vae().add(Node.operator("z", "dense")));
    }

    @Test
    void nodeKindsHaveStableExternalNames() {
        assertEquals(NodeKind.RANDOM_VARIABLE, NodeKind.fromExternalName("random_variable"));
        assertThrows(IllegalArgumentException.class, () -> NodeKind.fromExternalName("latent"));
    }
}
