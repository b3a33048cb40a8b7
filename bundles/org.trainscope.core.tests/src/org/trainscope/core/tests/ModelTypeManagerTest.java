package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.modeltypes.ModelTypeDescriptor;
import org.trainscope.core.modeltypes.ModelTypeManager;

class ModelTypeManagerTest {
    private final ModelTypeManager manager = ModelTypeManager.getInstance();

    @Test
    void declarationIsReadWithoutLoadingClasses() {
        ModelTypeDescriptor d = manager.modelType("test.modelType.good").orElseThrow();
        assertEquals(Set.of(NodeKind.OPERATOR, NodeKind.RANDOM_VARIABLE), d.nodeKinds());
        assertEquals(List.of("encoder", "decoder"), d.layerGroups());
        assertEquals("#112233", d.color());
    }

    @Test
    void recognitionSurvivesBrokenRecognizers() {
        NetworkGraph g = NetworkGraph.builder()
                .add(new Node("z", "z", NodeKind.OPERATOR, "test.stubOp", "latent", Map.of())).build();
        assertEquals("test.modelType.good", manager.recognize(g).orElseThrow().id());
        assertTrue(ContributionFaults.reported("test.modelType.missing").describe().contains("DoesNotExist"));
        assertTrue(ContributionFaults.reported("test.modelType.ctorThrows").cause() instanceof IllegalStateException);
        assertTrue(ContributionFaults.reported("test.modelType.methodThrows")
                .cause() instanceof ArrayIndexOutOfBoundsException);
    }
}
