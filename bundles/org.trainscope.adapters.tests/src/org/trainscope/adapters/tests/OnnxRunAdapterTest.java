package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainscope.adapters.onnx.OnnxRunAdapter;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/** Fixtures come from {@code scripts/make_onnx_fixtures.py} (torch.onnx.export and hand-encoded protobuf). */
class OnnxRunAdapterTest {
    private final OnnxRunAdapter adapter = new OnnxRunAdapter();

    private Run open(String name) throws IOException {
        return adapter.open(Fixtures.data("onnx/" + name), new NullProgressMonitor());
    }

    @Test
    void anExportedMlpHasOperatorsParametersAndDataFlow() throws IOException {
        assertEquals(90, adapter.validate(Fixtures.data("onnx/mlp.onnx")));
        try (Run run = open("mlp.onnx")) {
            NetworkGraph g = run.graph();
            assertEquals("", run.modelTypeId(), "an ONNX model names no model type of its own");
            assertEquals(NodeKind.PARAMETER, g.node("fc1.weight").orElseThrow().kind());
            String gemm = g.successors("fc1.weight").get(0);
            // translated into TrainScope's vocabulary; ONNX's own attributes kept under "onnx."
            assertEquals("dense", g.node(gemm).orElseThrow().operatorType());
            assertEquals("ONNX Gemm", g.node(gemm).orElseThrow().attributes().get("sourceOperator"));
            assertTrue(g.predecessors(gemm).contains("input"), g.predecessors(gemm)::toString);
            assertEquals("fc1", g.node("fc1.weight").orElseThrow().layerGroup());
            assertEquals("1", g.node(gemm).orElseThrow().attributes().get("onnx.transB"));
            assertEquals("outIn", g.node(gemm).orElseThrow().attributes().get("weightLayout"));

            TensorSeries w = run.tensor("fc1.weight").orElseThrow();
            assertEquals(TensorKind.WEIGHT, w.kind());
            assertArrayEquals(new int[] {5, 4}, w.shape());
            assertArrayEquals(new long[] {0}, w.iterations());
            float[] values = new float[20];
            w.readSnapshot(0, values);
            String[] expected = Files.readString(Fixtures.data("onnx/mlp_fc1_weight.txt")).trim().split(" ");
            for (int i = 0; i < 20; i++) {
                assertEquals(Float.parseFloat(expected[i]), values[i], "weight " + i);
            }
            float[] one = new float[1];
            w.readPolyline(7, 0, 1, one);
            assertEquals(values[7], one[0]);

            TensorSeries b = run.tensor("fc1.bias").orElseThrow();
            assertEquals(TensorKind.BIAS, b.kind());
            float[] bias = new float[5];
            b.readSnapshot(0, bias);
            assertTrue(Float.isNaN(bias[0]));
            assertEquals(Float.POSITIVE_INFINITY, bias[1]);
            assertEquals(Float.NEGATIVE_INFINITY, bias[2]);
        }
    }

    @Test
    void aCnnIsTranslatedWithEveryAttributeThatChangesTheResult() throws IOException {
        try (Run run = open("cnn.onnx")) {
            NetworkGraph g = run.graph();
            java.util.Map<String, Node> byType = new java.util.HashMap<>();
            g.nodes().forEach(n -> byType.put(n.operatorType(), n));
            Node conv = byType.get("conv2d");
            assertEquals("[0, 0, 0, 0]", conv.attributes().get("padding"));
            assertEquals("[1, 1]", conv.attributes().get("stride"));
            assertEquals("[1, 1]", conv.attributes().get("dilation"));
            assertEquals("1", conv.attributes().get("groups"));
            assertEquals("ONNX Conv", conv.attributes().get("sourceOperator"));
            Node pool = byType.get("maxpool");
            assertEquals("[2, 2]", pool.attributes().get("kernel_size"));
            assertEquals("[2, 2]", pool.attributes().get("stride"));
            assertTrue(byType.containsKey("flatten") && byType.containsKey("relu") && byType.containsKey("dense"),
                    byType.keySet()::toString);
            // the conv's weight and bias are parameter nodes labelled by the name the operator reads
            java.util.List<String> labels = g.predecessors(conv.id()).stream().map(id -> g.node(id).orElseThrow())
                    .filter(n -> n.kind() == NodeKind.PARAMETER).map(Node::label).sorted().toList();
            assertEquals(java.util.List.of("conv1.bias", "conv1.weight"), labels);
            assertTrue(g.nodes().stream().noneMatch(n -> n.attributes().containsKey("notExplainable")));
        }
    }

    @Test
    void aVaesSamplingIsKeptAndSaysWhyItCannotBeExplained() throws IOException {
        try (Run run = open("vae.onnx")) {
            Node sample = run.graph().nodes().stream().filter(n -> n.kind() == NodeKind.RANDOM_VARIABLE).findFirst()
                    .orElseThrow();
            assertEquals("TrainScope has no operator for ONNX's " + sample.operatorType(),
                    sample.attributes().get("notExplainable"));
        }
    }

    @ParameterizedTest
    @CsvSource({"cnn.onnx, cnn", "vae.onnx, vae", "gan.onnx, gan", "mlp.onnx, mlp"})
    void theModelTypeIsRecognisedFromTheGraph(String file, String type) throws IOException {
        try (Run run = AdapterManager.getInstance().open(Fixtures.data("onnx/" + file), new NullProgressMonitor())) {
            assertEquals(type, run.modelTypeId());
        }
    }

    @Test
    void aVaeHasARandomVariableAndEncoderDecoderGroups() throws IOException {
        try (Run run = open("vae.onnx")) {
            assertTrue(run.graph().nodes().stream().anyMatch(n -> n.kind() == NodeKind.RANDOM_VARIABLE));
            assertTrue(run.graph().layerGroups().keySet().containsAll(java.util.List.of("encoder", "decoder")),
                    run.graph().layerGroups().keySet()::toString);
        }
    }

    @Test
    void doubleFloat16Int64AndFloatDataInitializers() throws IOException {
        try (Run run = open("dtypes.onnx")) {
            float[] v = new float[4];
            run.tensor("w64").orElseThrow().readSnapshot(0, v);
            assertEquals(1f, v[0]);
            assertTrue(Float.isNaN(v[1]));
            assertEquals(Float.NEGATIVE_INFINITY, v[2]);
            run.tensor("b16").orElseThrow().readSnapshot(0, v);
            assertEquals(0.5f, v[0]);
            assertEquals(-2f, v[1]);
            run.tensor("shape").orElseThrow().readSnapshot(0, v);
            assertEquals(2f, v[1]);
            run.tensor("w32").orElseThrow().readSnapshot(0, v);
            assertEquals(0.25f, v[0]);
            assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(v[1]));
        }
    }

    @Test
    void badModelsAreClearErrors() {
        Fixtures.assertOpenFails(adapter, Fixtures.data("onnx/cyclic.onnx"), "cycle");
        Fixtures.assertOpenFails(adapter, Fixtures.data("onnx/bomb.onnx"), "initializer 'w'", "but holds 16 bytes");
        Fixtures.assertOpenFails(adapter, Fixtures.data("onnx/wrong_type.onnx"), "field 7", "wire type");
        Fixtures.assertOpenFails(adapter, Fixtures.data("onnx/truncated.onnx"), "at byte");
        Fixtures.assertOpenFails(adapter, Fixtures.data("onnx/overlong.onnx"), "at byte 3", "claims 1099511627776 bytes");
        Fixtures.assertOpenFails(adapter, Fixtures.data("numpy/activations.npy"));
    }

    @Test
    void foreignFilesAreNotMine() {
        assertEquals(0, adapter.validate(Fixtures.data("numpy/activations.npy")));
        assertEquals(0, adapter.validate(Fixtures.data("onnx")));
        assertEquals(0, adapter.validate(Fixtures.data("onnx/missing.onnx")));
        assertTrue(Arrays.asList(0, 90).contains(adapter.validate(Fixtures.data("onnx/wrong_type.onnx"))));
    }
}
