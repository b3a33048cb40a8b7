package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.Run;
import org.trainscope.core.modeltypes.DeclaredModelType;
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

    private static BasicRun run(String declared, String... operatorTypes) {
        NetworkGraph.Builder g = NetworkGraph.builder();
        for (String op : operatorTypes) {
            g.add(new Node(op, op, NodeKind.OPERATOR, op, "", Map.of()));
        }
        return BasicRun.builder("r", Path.of("r")).modelType(declared).graph(g.build()).build();
    }

    @Test
    void theDeclaredWordIsOneVoteWithItsStatedConfidence() {
        ModelTypeManager.Recognition r = manager.recognize(run("test.modelType.declaredOnly", "test.plainOp")).orElseThrow();
        assertEquals("test.modelType.declaredOnly", r.modelType().id());
        assertEquals(DeclaredModelType.CONFIDENCE, r.confidence());
        assertTrue(manager.recognize(run("no.such.type", "test.plainOp")).isEmpty(), "a word naming no installed type");
        assertTrue(manager.recognize(run("", "test.plainOp")).isEmpty());
    }

    @Test
    void aMoreConfidentRecogniserBeatsTheDeclaredWord() {
        ModelTypeManager.Recognition r = manager.recognize(run("test.modelType.declaredOnly", "test.stubOp"))
                .orElseThrow();
        assertEquals("test.modelType.good", r.modelType().id(), "its recogniser says 99, the declared word 90");
        assertEquals(99, r.confidence());
    }

    @Test
    void everyRunOpenedThroughAnAdapterIsRecognised(@TempDir Path dir) throws IOException {
        Path declaredOnly = Files.writeString(dir.resolve("a.stub"), "stub-run\ndeclares test.modelType.declaredOnly\n");
        Path recognised = Files.writeString(dir.resolve("b.stub"),
                "stub-run\ndeclares test.modelType.declaredOnly\nnode test.stubOp\n");
        try (Run a = AdapterManager.getInstance().open(declaredOnly, null);
                Run b = AdapterManager.getInstance().open(recognised, null)) {
            assertEquals("test.modelType.declaredOnly", a.modelTypeId());
            assertEquals("test.modelType.good", b.modelTypeId(), "the stub adapter declared another type");
            assertEquals(1, b.graph().nodes().size(), "everything else is the adapter's run");
            assertEquals(2, b.metric("loss").orElseThrow().values().length);
        }
    }

    @Test
    void theRecognisedRunForwardsEveryMethodOfRun() throws ClassNotFoundException {
        Class<?> recognised = Class.forName("org.trainscope.core.adapters.RecognizedRun");
        for (Method m : Run.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            try {
                recognised.getDeclaredMethod(m.getName(), m.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new AssertionError("RecognizedRun leaves Run." + m.getName() + " to its default", e);
            }
        }
    }
}
