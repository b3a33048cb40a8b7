package org.trainscope.recorders.dl4j.demo;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution;
import org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The networks of the demo runs. All take their initial weights from the seed. */
final class DemoNetworks {
    private static final int PIXELS = 28 * 28;
    private static final int CLASSES = 10;

    private DemoNetworks() {
    }

    static MultiLayerNetwork create(DemoKind kind, long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(kind, seed));
        net.init();
        return net;
    }

    static MultiLayerConfiguration configuration(DemoKind kind, long seed) {
        return switch (kind) {
            case CNN -> cnn(seed, new int[] {16, 32}, 64);
            case CNN_SHALLOW -> cnn(seed, new int[] {16}, 64);
            case CNN_DEEP -> cnn(seed, new int[] {16, 32, 64}, 64);
            case CNN_NARROW -> cnn(seed, new int[] {8, 16}, 32);
            case CNN_WIDE -> cnn(seed, new int[] {32, 64}, 128);
            case CNN_STALLED -> stallingCnn(seed, false);
            case CNN_STALLED_FIXED -> stallingCnn(seed, true);
            case VAE_UNSTABLE -> vae(seed, false);
            case VAE_FIXED -> vae(seed, true);
            case MLP -> mlp(seed, 0.0);
            case MLP_DEAD_RELU -> mlp(seed, -10.0);
            case GAN, GAN_UNSTABLE -> GanDemo.ganConfiguration(kind, seed);
        };
    }

    /**
     * Blocks of convolution (ReLU, no padding) and 2x2 max pooling, then a dense ReLU layer and
     * softmax; Adam 1e-3. The first two blocks use 5x5 kernels (28 -> 24 -> 12 -> 8 -> 4, as in the
     * small CNN of platform.md); a third block uses 3x3 kernels with "same" padding, since 4x4 maps
     * leave no room for more (4 -> 4 -> 2).
     */
    private static MultiLayerConfiguration cnn(long seed, int[] filters, int dense) {
        return cnn(seed, filters, dense, Activation.RELU, WeightInit.XAVIER, new Adam(1e-3));
    }

    /**
     * The deeper CNN's layers (conv16-pool-conv32-pool-conv64-pool-dense64) trained with plain SGD
     * at 0.05. Stalled: sigmoid activations with the once common initialisation U(-1/sqrt(fan-in),
     * 1/sqrt(fan-in)) (DL4J's UNIFORM; Glorot and Bengio 2010 show deep sigmoid nets stall with it).
     * The derivative of a sigmoid is at most 1/4 and these weights are small, so every layer the
     * gradient passes back through shrinks it: the first convolution gets less than a thousandth of
     * the output layer's mean |gradient| and its weights hardly move, the deeper layers' outputs
     * hardly depend on the image, and the loss stays at ln 10 (chance). Fixed: ReLU (derivative 1 where
     * active) with the He initialisation made for it (variance 2/fan-in), same updater and learning
     * rate.
     */
    private static MultiLayerConfiguration stallingCnn(long seed, boolean fixed) {
        return cnn(seed, new int[] {16, 32, 64}, 64, fixed ? Activation.RELU : Activation.SIGMOID,
                fixed ? WeightInit.RELU : WeightInit.UNIFORM, new Sgd(0.05));
    }

    private static MultiLayerConfiguration cnn(long seed, int[] filters, int dense, Activation activation,
            WeightInit init, IUpdater updater) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(init)
                .list();
        int channels = 1;
        for (int block = 0; block < filters.length; block++) {
            boolean early = block < 2;
            list.layer(new ConvolutionLayer.Builder(early ? 5 : 3, early ? 5 : 3).nIn(channels).nOut(filters[block]).stride(1, 1)
                    .convolutionMode(early ? ConvolutionMode.Truncate : ConvolutionMode.Same)
                    .activation(activation).build());
            list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
            channels = filters[block];
        }
        list.layer(new DenseLayer.Builder().nOut(dense).activation(activation).build());
        list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nOut(CLASSES)
                .activation(Activation.SOFTMAX).build());
        return list.setInputType(InputType.convolutionalFlat(28, 28, 1)).build();
    }

    /**
     * 784-128-64-10 ReLU MLP, Adam 1e-3. With {@code biasInit} -10 every hidden ReLU starts dead:
     * no gradient reaches the hidden layers and the loss stays at ln 10 (platform.md).
     */
    private static MultiLayerConfiguration mlp(long seed, double biasInit) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(PIXELS).nOut(128).activation(Activation.RELU).biasInit(biasInit).build())
                .layer(new DenseLayer.Builder().nIn(128).nOut(64).activation(Activation.RELU).biasInit(biasInit).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nIn(64).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /**
     * Encoder 256, 32 latent, decoder 256, LeakyReLU, Gaussian reconstruction (the DGMTracker case).
     * Unstable: Adam 1e-2 without clipping (infinite score within a few dozen iterations, platform.md);
     * fixed: Adam 1e-3 with element-wise gradient clipping at 1.0.
     */
    private static MultiLayerConfiguration vae(long seed, boolean fixed) {
        var builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(fixed ? 1e-3 : 1e-2))
                .weightInit(WeightInit.XAVIER);
        if (fixed) {
            builder.gradientNormalization(GradientNormalization.ClipElementWiseAbsoluteValue).gradientNormalizationThreshold(1.0);
        }
        return builder.list()
                .layer(new VariationalAutoencoder.Builder()
                        .activation(Activation.LEAKYRELU)
                        .encoderLayerSizes(256)
                        .decoderLayerSizes(256)
                        .pzxActivationFunction(Activation.IDENTITY)
                        .reconstructionDistribution(new GaussianReconstructionDistribution(Activation.IDENTITY))
                        .nIn(PIXELS)
                        .nOut(32)
                        .build())
                .build();
    }
}
