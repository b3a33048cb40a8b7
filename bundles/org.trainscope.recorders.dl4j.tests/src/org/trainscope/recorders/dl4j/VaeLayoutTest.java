package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The VAE probe forward agrees with DL4J where DL4J exposes the values. */
class VaeLayoutTest {
    @Test
    void meanOfZAndReconstructionMatchDl4j() {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(1e-3)).list()
                .layer(new VariationalAutoencoder.Builder().activation(Activation.TANH).encoderLayerSizes(12, 10)
                        .decoderLayerSizes(10).reconstructionDistribution(new BernoulliReconstructionDistribution(Activation.SIGMOID))
                        .nIn(20).nOut(4).build())
                .build());
        net.init();
        var vae = (org.deeplearning4j.nn.layers.variational.VariationalAutoencoder) net.getLayer(0);
        ModelLayout layout = VaeLayouts.describe(vae);
        Nd4j.getRandom().setSeed(3);
        INDArray probe = Nd4j.rand(5, 20);
        Map<String, INDArray> out = layout.forward().run(vae, probe);

        // DL4J's VAE layer outputs the mean of p(z|x) in a plain forward pass
        INDArray mu = net.output(probe, false);
        assertArrayEquals(MlpRecordingTest.flat(mu), MlpRecordingTest.flat(out.get("mu")), 1e-5f);
        // and generateAtMeanGivenZ decodes z to the mean of p(x|z)
        INDArray xhat = vae.generateAtMeanGivenZ(out.get("z"));
        assertArrayEquals(MlpRecordingTest.flat(xhat), MlpRecordingTest.flat(out.get("xhat")), 1e-5f);
        assertEquals(java.util.List.of("e0.tanh", "e1.tanh", "mu", "logvar", "z", "d0.tanh", "xhat"), layout.activationNodes());
    }
}
