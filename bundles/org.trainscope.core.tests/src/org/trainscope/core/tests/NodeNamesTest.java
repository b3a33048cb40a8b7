package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;

/** Node names as the DL4J and PyTorch recorders write ids and labels. */
class NodeNamesTest {

    private static Node node(String id, String label, NodeKind kind) {
        return new Node(id, label, kind, "", "", Map.of());
    }

    @Test
    void aNodeIsNamedByItsIdAndALabelThatSaysMoreIsAnAlias() {
        Node mu = node("mu", "pZXMean", NodeKind.OPERATOR); // the DL4J VAE's mean
        assertEquals("mu", NodeNames.name(mu));
        assertEquals(Optional.of("pZXMean"), NodeNames.alias(mu));
        assertEquals("mu (pZXMean)", NodeNames.nameWithAlias(mu));
        assertEquals(Optional.of("layer0"), NodeNames.alias(node("conv2d0", "layer0", NodeKind.OPERATOR)));
    }

    @Test
    void aLabelThatRepeatsTheIdOrItsEndIsNoAlias() {
        assertEquals(Optional.empty(), NodeNames.alias(node("conv2d0.W", "W", NodeKind.PARAMETER)));
        assertEquals(Optional.empty(), NodeNames.alias(node("e0.W", "e0W", NodeKind.PARAMETER)));
        assertEquals(Optional.empty(), NodeNames.alias(node("encoder.0", "encoder.0", NodeKind.OPERATOR)));
        assertEquals(Optional.empty(), NodeNames.alias(node("z", null, NodeKind.RANDOM_VARIABLE)));
        assertEquals("z", NodeNames.nameWithAlias(node("z", "", NodeKind.RANDOM_VARIABLE)));
    }

    @Test
    void anUnknownIdIsItsOwnName() {
        NetworkGraph g = NetworkGraph.builder().add(node("mu", "pZXMean", NodeKind.OPERATOR)).build();
        assertEquals("mu", NodeNames.name(g, "mu"));
        assertEquals("gone", NodeNames.name(g, "gone"));
    }
}
