package org.trainscope.recorders.dl4j.demo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The demo GANs: an MLP generator and discriminator trained the way DL4J trains GANs. The GAN
 * network is the generator's layers followed by the discriminator's with a zero learning rate, trained to
 * make the discriminator say "real" (the generator's step); the discriminator network holds the same
 * discriminator layers with its own updater and its parameters are views of the GAN network's, so
 * its step changes the GAN network too (no copying between the two).
 */
final class GanDemo {
    /** 64 = 8 x 8: the Probe Inputs view shows the noise vectors as small pictures, as for the PyTorch GAN (16 = 4 x 4). */
    static final int NOISE = 64;
    static final int GENERATOR_LAYERS = 3;
    private static final int PIXELS = 28 * 28;

    private final MultiLayerNetwork gan;
    private final MultiLayerNetwork discriminator;

    GanDemo(DemoKind kind, long seed) {
        gan = new MultiLayerNetwork(ganConfiguration(kind, seed));
        gan.init();
        discriminator = new MultiLayerNetwork(discriminatorConfiguration(kind, seed));
        long generatorParams = 0;
        for (int i = 0; i < GENERATOR_LAYERS; i++) {
            generatorParams += gan.getLayer(i).numParams();
        }
        INDArray all = gan.params();
        INDArray shared = all.rank() == 1 ? all.get(NDArrayIndex.interval(generatorParams, gan.numParams()))
                : all.get(NDArrayIndex.interval(0, 1), NDArrayIndex.interval(generatorParams, gan.numParams()));
        discriminator.init(shared, false);
    }

    MultiLayerNetwork gan() {
        return gan;
    }

    MultiLayerNetwork discriminator() {
        return discriminator;
    }

    /** One GAN iteration: the discriminator on real and generated images, then the generator. */
    void step(INDArray realImages, INDArray noiseForD, INDArray noiseForG) {
        INDArray fake = generate(noiseForD);
        int n = (int) realImages.size(0);
        int m = (int) fake.size(0);
        INDArray x = Nd4j.vstack(realImages.castTo(DataType.FLOAT), fake);
        INDArray y = Nd4j.vstack(Nd4j.ones(DataType.FLOAT, n, 1), Nd4j.zeros(DataType.FLOAT, m, 1));
        discriminator.fit(new DataSet(x, y));
        gan.fit(new DataSet(noiseForG, Nd4j.ones(DataType.FLOAT, noiseForG.size(0), 1)));
    }

    /** The generator's images for {@code noise}. */
    INDArray generate(INDArray noise) {
        return gan.feedForwardToLayer(GENERATOR_LAYERS - 1, noise, false).get(GENERATOR_LAYERS).dup();
    }

    static INDArray noise(int rows) {
        return Nd4j.randn(DataType.FLOAT, rows, NOISE);
    }

    /** Generator (noise 64 -> 128 -> 256 -> 784, LeakyReLU, sigmoid pixels) then the discriminator, frozen by a zero learning rate. */
    static MultiLayerConfiguration ganConfiguration(DemoKind kind, long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(adam())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().name("generator.fc1").nIn(NOISE).nOut(128).activation(Activation.LEAKYRELU).build())
                .layer(new DenseLayer.Builder().name("generator.fc2").nIn(128).nOut(256).activation(Activation.LEAKYRELU).build())
                .layer(new DenseLayer.Builder().name("generator.out").nIn(256).nOut(PIXELS).activation(Activation.SIGMOID).build());
        // a learning rate of 0 leaves the discriminator as it is (DL4J's NoOp updater would apply the raw gradient)
        for (Layer layer : discriminatorLayers(new Sgd(0.0))) {
            list.layer(layer);
        }
        return list.build();
    }

    static MultiLayerConfiguration discriminatorConfiguration(DemoKind kind, long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .weightInit(WeightInit.XAVIER)
                .list();
        for (Layer layer : discriminatorLayers(kind == DemoKind.GAN_UNSTABLE ? new Sgd(UNSTABLE_LEARNING_RATE) : adam())) {
            list.layer(layer);
        }
        return list.build();
    }

    /**
     * Plain SGD at this rate on the least-squares loss of an unbounded output: every step scales the
     * discriminator's weights up, the loss grows by orders of magnitude within a few iterations (1e12),
     * and it turns infinite within a handful of iterations.
     */
    static final double UNSTABLE_LEARNING_RATE = 0.1;

    private static IUpdater adam() {
        return new Adam(5e-4, 0.5, 0.999, 1e-8);
    }

    /**
     * 784 -> 256 -> 64 (LeakyReLU) -> 1, a least-squares GAN's discriminator (Mao et al. 2017): an
     * unbounded score trained towards 1 for real and 0 for generated images by mean squared error.
     */
    private static Layer[] discriminatorLayers(IUpdater updater) {
        return new Layer[] {
            new DenseLayer.Builder().name("discriminator.fc1").nIn(PIXELS).nOut(256).activation(Activation.LEAKYRELU).updater(updater).build(),
            new DenseLayer.Builder().name("discriminator.fc2").nIn(256).nOut(64).activation(Activation.LEAKYRELU).updater(updater).build(),
            new OutputLayer.Builder(LossFunctions.LossFunction.MSE).name("discriminator.out").nIn(64).nOut(1)
                    .activation(Activation.IDENTITY).updater(updater).build()
        };
    }
}
