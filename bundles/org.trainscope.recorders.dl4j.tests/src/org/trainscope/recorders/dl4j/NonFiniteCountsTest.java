package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.trainscope.trace.NonFiniteOrigin;
import org.trainscope.trace.TraceReader;

/**
 * The NaN/Inf counts and the firstNonFinite note (trace format §7.1) of MultiLayerNetworks and
 * ComputationGraphs: a middle layer whose weights make its output overflow is named, the layer
 * before it counts zero.
 */
class NonFiniteCountsTest {
    private static final float HUGE = 3e38f; // a sum of two such products overflows float32

    @TempDir
    Path tmp;

    @Test
    void healthyTrainingCountsZeroAndNamesNothing() throws Exception {
        MultiLayerNetwork net = TinyNets.mlp(5, 1e-2);
        Path dir = train(net, "healthy", 5);
        try (TraceReader reader = TraceReader.open(dir)) {
            assertTrue(reader.firstNonFinite().isEmpty());
            for (int r = 0; r < reader.recordCount(); r++) {
                assertEquals(0, reader.metric("nonfinite.forward").value(r));
                assertEquals(0, reader.metric("nonfinite.backward").value(r));
                assertFalse(reader.metric("nonfinite.forward.dense0.relu").has(r), "per-node counts only where a total is non-zero");
            }
            assertTrue(reader.manifest().metrics().stream().anyMatch(m -> m.name().equals("nonfinite.backward.output1")));
        }
    }

    @Test
    void multiLayerNetworkNamesTheOverflowingLayer() throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(TinyNets.FEATURES).nOut(16).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(16).nOut(16).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(TinyNets.CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.getParam("1_W").assign(HUGE);
        Path dir = train(net, "mln", 3);
        try (TraceReader reader = TraceReader.open(dir)) {
            NonFiniteOrigin origin = reader.firstNonFinite().orElseThrow();
            assertEquals(new NonFiniteOrigin(0, NonFiniteOrigin.Direction.FORWARD, "dense1", true), origin);
            assertEquals(0, reader.metric("nonfinite.forward.dense0.relu").value(0), "the layer before counts nothing");
            assertTrue(reader.metric("nonfinite.forward.dense1").value(0) > 0);
            assertTrue(reader.metric("nonfinite.forward").value(0) >= reader.metric("nonfinite.forward.dense1").value(0));
        }
    }

    @Test
    void computationGraphNamesTheOverflowingVertex() throws Exception {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Sgd(1e-3))
                .graphBuilder()
                .addInputs("in")
                .addLayer("h1", new DenseLayer.Builder().nIn(TinyNets.FEATURES).nOut(16).activation(Activation.RELU).build(), "in")
                .addLayer("h2", new DenseLayer.Builder().nIn(16).nOut(16).activation(Activation.IDENTITY).build(), "h1")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(TinyNets.CLASSES)
                        .activation(Activation.SOFTMAX).build(), "h2")
                .setOutputs("out")
                .build();
        ComputationGraph cg = new ComputationGraph(conf);
        cg.init();
        cg.getParam("h2_W").assign(HUGE);
        Path dir = train(cg, "cg", 3);
        try (TraceReader reader = TraceReader.open(dir)) {
            assertEquals(new NonFiniteOrigin(0, NonFiniteOrigin.Direction.FORWARD, "h2", true), reader.firstNonFinite().orElseThrow());
            assertEquals(0, reader.metric("nonfinite.forward.h1.relu").value(0));
            assertTrue(reader.metric("nonfinite.forward.h2").value(0) > 0);
        }
    }

    private Path train(Model model, String name, int iterations) throws Exception {
        TinyNets.Data data = new TinyNets.Data(200, 1);
        DataSet probe = data.batch(data.indicesOfBatch(10, 4));
        Path dir = tmp.resolve(name);
        try (TraceRecordingListener rec = new TraceRecordingListener(dir, probe.getFeatures(), probe.getLabels(),
                RecordingConfig.builder().tensorsEvery(0).lossJumpFactor(0).build())) {
            model.setListeners(rec);
            for (int b = 0; b < iterations; b++) {
                DataSet batch = data.batch(data.indicesOfBatch(b, 16));
                if (model instanceof MultiLayerNetwork net) {
                    net.fit(batch);
                } else {
                    ((ComputationGraph) model).fit(batch);
                }
            }
        }
        return dir;
    }
}
