package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trainscope.adapters.modeltypes.CnnRecognizer;
import org.trainscope.adapters.modeltypes.GanRecognizer;
import org.trainscope.adapters.modeltypes.MlpRecognizer;
import org.trainscope.adapters.modeltypes.VaeRecognizer;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.modeltypes.ModelTypeDescriptor;
import org.trainscope.core.modeltypes.ModelTypeManager;

/**
 * The recognizers on graphs spelled the way traces spell them (dense, conv2d, random_variable
 * nodes), alone and competing through {@link ModelTypeManager} as this bundle contributes them.
 */
class ModelTypeRecognizerTest {
    private static String recognize(NetworkGraph g) {
        return ModelTypeManager.getInstance().recognize(g).map(ModelTypeDescriptor::id).orElse("");
    }

    private static Node op(String id, String op, String group) {
        return new Node(id, id, NodeKind.OPERATOR, op, group, Map.of());
    }

    @Test
    void denseOnlyIsAnMlp() {
        NetworkGraph g = NetworkGraph.builder().add(op("x", "input", "")).add(op("fc1", "dense", "hidden"))
                .connect("x", "fc1").build();
        assertTrue(new MlpRecognizer().recognize(g) > 0);
        assertEquals(0, new CnnRecognizer().recognize(g));
        assertEquals("mlp", recognize(g));
    }

    @Test
    void aConvolutionMakesACnn() {
        NetworkGraph g = NetworkGraph.builder().add(op("c", "conv2d", "features")).add(op("fc", "dense", "classifier"))
                .connect("c", "fc").build();
        assertEquals(0, new MlpRecognizer().recognize(g));
        assertEquals("cnn", recognize(g));
    }

    @Test
    void aRandomVariableMakesAVaeEvenWhenConvolutional() {
        NetworkGraph g = NetworkGraph.builder().add(op("enc", "conv2d", "encoder"))
                .add(new Node("z", "z", NodeKind.RANDOM_VARIABLE, "normal", "latent", Map.of()))
                .add(op("dec", "dense", "decoder")).connect("enc", "z").connect("z", "dec").build();
        assertEquals(100, new VaeRecognizer().recognize(g));
        assertEquals("vae", recognize(g));
    }

    @Test
    void generatorAndDiscriminatorGroupsMakeAGan() {
        NetworkGraph g = NetworkGraph.builder()
                .add(new Node("noise", "noise", NodeKind.RANDOM_VARIABLE, "normal", "generator", Map.of()))
                .add(op("g1", "dense", "generator")).add(op("d1", "conv2d", "discriminator"))
                .connect("noise", "g1").connect("g1", "d1").build();
        assertEquals(95, new GanRecognizer().recognize(g));
        assertEquals(0, new VaeRecognizer().recognize(g));
        assertEquals("gan", recognize(g));
    }

    @Test
    void anEmptyGraphIsNothing() {
        assertEquals("", recognize(NetworkGraph.empty()));
    }
}
