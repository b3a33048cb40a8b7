package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TraceReader;

/** A ComputationGraph with two branches and a merge is recorded with its real topology. */
class ComputationGraphRecordingTest {
    @TempDir
    Path tmp;

    @Test
    void branchesAndMergeAreInTheGraphAndValuesMatch() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(9).updater(new Adam(1e-2))
                .graphBuilder()
                .addInputs("in")
                .addLayer("h1", new DenseLayer.Builder().nIn(TinyNets.FEATURES).nOut(6).activation(Activation.RELU).build(), "in")
                .addLayer("h2", new DenseLayer.Builder().nIn(TinyNets.FEATURES).nOut(5).activation(Activation.TANH).build(), "in")
                .addVertex("m", new MergeVertex(), "h1", "h2")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(11).nOut(TinyNets.CLASSES)
                        .activation(Activation.SOFTMAX).build(), "m")
                .setOutputs("out")
                .build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        TinyNets.Data data = new TinyNets.Data(200, 3);
        DataSet probe = data.batch(data.indicesOfBatch(20, 4));
        Witness witness = new Witness();
        Path dir = tmp.resolve("cg");
        try (TraceRecordingListener rec = new TraceRecordingListener(dir, probe.getFeatures(), probe.getLabels(),
                RecordingConfig.builder().tensorsEvery(1).build())) {
            rec.setWarningHandler(w -> { throw new AssertionError(w); });
            cg.setListeners(rec, witness);
            for (int b = 0; b < 6; b++) {
                cg.fit(data.batch(data.indicesOfBatch(b, 8)));
            }
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(6, reader.recordCount());
            Map<String, String> ops = reader.manifest().graph().nodes().stream().filter(n -> n.op() != null)
                    .collect(Collectors.toMap(GraphNode::id, GraphNode::op));
            assertEquals("input", ops.get("in"));
            assertEquals("merge", ops.get("m"));
            assertEquals("softmax", ops.get("out.softmax"));
            var edges = reader.manifest().graph().edges();
            for (String[] e : new String[][] {{"in", "h1"}, {"in", "h2"}, {"h1.relu", "m"}, {"h2.tanh", "m"}, {"m", "out"}}) {
                assertTrue(edges.stream().anyMatch(x -> x.from().equals(e[0]) && x.to().equals(e[1])), e[0] + " -> " + e[1]);
            }
            assertEquals(List.of(4, 11), reader.manifest().tensor("m.act").orElseThrow().shape());
            for (int r = 0; r < 6; r++) {
                assertArrayEquals(MlpRecordingTest.flat(witness.paramsBefore.get(r).get("h2_W")),
                        MlpRecordingTest.read(reader, "h2.W", r));
                assertArrayEquals(MlpRecordingTest.flat(witness.gradients.get(r).get("out_b")),
                        MlpRecordingTest.read(reader, "out.b.grad", r));
                assertEquals(witness.scores.get(r), reader.metric("loss").value(r), 0.0);
            }
        }
    }
}
