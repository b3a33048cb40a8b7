package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceReader;

/** Records a tiny MLP and checks the trace against what DL4J reports. */
class MlpRecordingTest {
    private static final int ITERATIONS = 30;
    private static final int BATCH = 16;
    private static final int EVERY = 5;

    @TempDir
    Path tmp;

    @Test
    void traceHoldsWhatDl4jReports() throws Exception {
        TinyNets.Data data = new TinyNets.Data(400, 1);
        DataSet probe = data.batch(data.indicesOfBatch(99, 10));
        MultiLayerNetwork net = TinyNets.mlp(42, 1e-2);
        Path dir = tmp.resolve("mlp");
        RecordingConfig config = RecordingConfig.builder().tensorsEvery(EVERY).build();
        List<String> warnings = new ArrayList<>();
        long[][] current = new long[1][];
        Witness witness = new Witness();
        try (TraceRecordingListener rec = new TraceRecordingListener(dir, probe.getFeatures(), probe.getLabels(), config)) {
            rec.setWarningHandler(warnings::add);
            rec.setBatchIndexSource(() -> current[0]);
            net.setListeners(rec, witness);
            for (int b = 0; b < ITERATIONS; b++) {
                current[0] = data.indicesOfBatch(b, BATCH);
                net.fit(data.batch(current[0]));
            }
        }
        assertEquals(List.of(), warnings);

        // the finest interval (metrics, every iteration) is the trace at dir
        try (TraceReader scores = TraceReader.open(dir)) {
            assertTrue(scores.isComplete());
            assertEquals(ITERATIONS, scores.recordCount());
            assertEquals(0, scores.manifest().tensors().size());
            // only the top trace links the others (§4.7)
            List<?> related = (List<?>) scores.manifest().attributes().get("relatedTraces");
            assertEquals(1, related.size());
            assertEquals("every-" + EVERY, ((Map<?, ?>) related.get(0)).get("path"));
            assertEquals(List.of(), scores.warnings());
            for (int r = 0; r < ITERATIONS; r++) {
                assertEquals(r, scores.iteration(r));
                assertEquals(witness.scores.get(r), scores.metric("loss").value(r), 0.0, "loss at iteration " + r);
                assertEquals(1e-2, scores.metric("lr").value(r), 1e-12, "Adam's learning rate");
                long[] batch = new long[BATCH];
                assertEquals(BATCH, scores.readBatch(r, batch));
                assertArrayEquals(data.indicesOfBatch(r, BATCH), batch);
            }
        }

        try (TraceReader tensors = TraceReader.open(dir.resolve("every-" + EVERY))) {
            assertEquals(ITERATIONS / EVERY, tensors.recordCount());
            assertTrue(!tensors.manifest().attributes().containsKey("relatedTraces"), "a sub-trace links nothing (no '..')");
            assertEquals(List.of(), tensors.warnings());
            checkGraph(tensors);
            TensorInfo w = tensors.manifest().tensor("dense0.W").orElseThrow();
            assertEquals(List.of(TinyNets.FEATURES, 16), w.shape());
            assertEquals(TraceTensorKind.WEIGHT, w.kind());
            assertEquals(TraceTensorKind.BIAS, tensors.manifest().tensor("dense0.b").orElseThrow().kind());
            assertEquals(List.of(10, 16), tensors.manifest().tensor("dense0.relu.act").orElseThrow().shape());
            assertEquals(List.of(10, TinyNets.CLASSES), tensors.manifest().tensor("output1.softmax.act").orElseThrow().shape());
            assertArrayEquals(probe.getLabels().argMax(1).toLongVector(), tensors.readArrayLongs("probe.labels"));
            assertArrayEquals(flat(probe.getFeatures()),
                    tensors.readArrayFloats("probe.inputs"));

            // the training batch's inputs and classes go with the weights (trace format §4.8)
            assertEquals(new org.trainscope.trace.BatchInputsInfo(BATCH, 4096, org.trainscope.trace.DType.FLOAT32,
                    List.of(TinyNets.FEATURES), true), tensors.manifest().batchInputs().withChunkRecords(4096));
            float[] inputs = new float[BATCH * TinyNets.FEATURES];
            long[] labels = new long[BATCH];
            for (int r = 0; r < tensors.recordCount(); r++) {
                DataSet trained = data.batch(data.indicesOfBatch((int) tensors.iteration(r), BATCH));
                assertEquals(BATCH, tensors.readBatchInputs(r, inputs, labels));
                assertArrayEquals(flat(trained.getFeatures()), inputs, "the batch the network trained on");
                assertArrayEquals(trained.getLabels().argMax(1).toLongVector(), labels);
            }
            for (int r = 0; r < tensors.recordCount(); r++) {
                int it = (int) tensors.iteration(r);
                assertEquals(r * EVERY, it);
                for (String key : List.of("0_W", "0_b", "1_W", "1_b")) {
                    String node = (key.startsWith("0") ? "dense0." : "output1.") + key.substring(2);
                    INDArray before = witness.paramsBefore.get(it).get(key);
                    assertArrayEquals(flat(before), read(tensors, node, r), "weights " + node + " at " + it);
                    assertArrayEquals(flat(witness.gradients.get(it).get(key)), read(tensors, node + ".grad", r),
                            "gradient " + node + " at " + it);
                    INDArray update = witness.paramsAfter.get(it).get(key).sub(before);
                    assertArrayEquals(flat(update), read(tensors, node + ".update", r), 1e-7f, "update " + node + " at " + it);
                }
                // activations equal a forward pass of the probe with the weights of that iteration
                MultiLayerNetwork replay = TinyNets.mlp(42, 1e-2);
                witness.paramsBefore.get(it).forEach(replay::setParam);
                List<INDArray> acts = replay.feedForward(probe.getFeatures(), false);
                assertArrayEquals(flat(acts.get(1)), read(tensors, "dense0.relu.act", r), 1e-6f);
                assertArrayEquals(flat(acts.get(2)), read(tensors, "output1.softmax.act", r), 1e-6f);
            }
        }
    }

    @Test
    void recordingDoesNotChangeTheTraining() throws Exception {
        TinyNets.Data data = new TinyNets.Data(400, 1);
        DataSet probe = data.batch(data.indicesOfBatch(99, 10));
        MultiLayerNetwork plain = TinyNets.mlp(42, 1e-2);
        MultiLayerNetwork recorded = TinyNets.mlp(42, 1e-2);
        try (TraceRecordingListener rec = new TraceRecordingListener(tmp.resolve("r"), probe.getFeatures(), probe.getLabels(),
                RecordingConfig.builder().tensorsEvery(1).build())) {
            recorded.setListeners(rec);
            for (int b = 0; b < ITERATIONS; b++) {
                DataSet batch = data.batch(data.indicesOfBatch(b, BATCH));
                plain.fit(batch);
                recorded.fit(batch);
            }
        }
        assertArrayEquals(flat(plain.params()), flat(recorded.params()), 0f);
    }

    private static void checkGraph(TraceReader reader) {
        Map<String, GraphNode> nodes = reader.manifest().graph().nodes().stream()
                .collect(Collectors.toMap(GraphNode::id, n -> n));
        assertEquals("dense", nodes.get("dense0").op());
        assertEquals("relu", nodes.get("dense0.relu").op());
        assertEquals("softmax", nodes.get("output1.softmax").op());
        assertEquals("loss", nodes.get("output1.loss").op());
        assertEquals(TraceNodeKind.PARAMETER, nodes.get("dense0.W").kind());
        assertEquals(Set.of("dense0", "output1"), reader.manifest().graph().layers().stream()
                .map(l -> l.id()).collect(Collectors.toSet()));
        assertTrue(reader.manifest().graph().edges().stream()
                .anyMatch(e -> e.from().equals("dense0.relu") && e.to().equals("output1")));
    }

    static float[] flat(INDArray a) {
        return a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
    }

    static float[] read(TraceReader reader, String tensor, int record) throws java.io.IOException {
        float[] out = new float[reader.manifest().tensor(tensor).orElseThrow().neuronCount()];
        reader.readRecord(tensor, record, out);
        return out;
    }
}
