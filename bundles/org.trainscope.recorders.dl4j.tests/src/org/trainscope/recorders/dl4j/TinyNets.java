package org.trainscope.recorders.dl4j;

import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Tiny networks and synthetic data that train in milliseconds. */
final class TinyNets {
    static final int FEATURES = 8;
    static final int CLASSES = 3;

    private TinyNets() {
    }

    /** 8-16-3 MLP, ReLU hidden layer, softmax output, Adam. */
    static MultiLayerNetwork mlp(long seed, double learningRate) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(CLASSES)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** A regression MLP with plain SGD at a learning rate that makes it diverge to Inf/NaN. */
    static MultiLayerNetwork divergingRegression(long seed) {
        return divergingRegression(seed, 5.0);
    }

    static MultiLayerNetwork divergingRegression(long seed, double learningRate) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(FEATURES).nOut(16).activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nIn(16).nOut(1)
                        .activation(Activation.IDENTITY).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Samples of a fixed linear rule: class = argmax(x A); features N(0, 1). */
    static final class Data {
        final float[][] x;
        final int[] y;

        Data(int n, long seed) {
            Random r = new Random(seed);
            x = new float[n][FEATURES];
            y = new int[n];
            for (int i = 0; i < n; i++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int f = 0; f < FEATURES; f++) {
                    x[i][f] = (float) r.nextGaussian();
                }
                for (int c = 0; c < CLASSES; c++) {
                    double s = 0;
                    for (int f = 0; f < FEATURES; f++) {
                        s += x[i][f] * Math.sin(1 + c * FEATURES + f);
                    }
                    if (s > best) {
                        best = s;
                        y[i] = c;
                    }
                }
            }
        }

        /** The samples {@code indices} as a DataSet with one-hot labels. */
        DataSet batch(long[] indices) {
            INDArray features = Nd4j.create(indices.length, FEATURES);
            INDArray labels = Nd4j.zeros(indices.length, CLASSES);
            for (int i = 0; i < indices.length; i++) {
                for (int f = 0; f < FEATURES; f++) {
                    features.putScalar(i, f, x[(int) indices[i]][f]);
                }
                labels.putScalar(i, y[(int) indices[i]], 1.0);
            }
            return new DataSet(features, labels);
        }

        /** The same features with a scalar regression target (their sum), for the diverging net. */
        DataSet regressionBatch(long[] indices) {
            DataSet d = batch(indices);
            return new DataSet(d.getFeatures(), d.getFeatures().sum(true, 1).muli(10));
        }

        /** Batch {@code b} of size {@code size}: a fixed permutation, so batches are not contiguous. */
        long[] indicesOfBatch(int b, int size) {
            long[] idx = new long[size];
            for (int i = 0; i < size; i++) {
                idx[i] = ((long) (b * size + i) * 7919L) % x.length;
            }
            return idx;
        }
    }
}
