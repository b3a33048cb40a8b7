package org.trainscope.recorders.dl4j;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The learning rate the updater uses at an iteration (schedules included), recorded as metric
 * "lr" like the PyTorch recorder does. Taken from the first layer that has an updater; networks
 * whose layers use different rates show the first one.
 */
final class LearningRates {
    private LearningRates() {
    }

    /** The first layer's updater, or null when no layer has one with a learning rate. */
    static IUpdater updaterOf(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            for (var conf : net.getLayerWiseConfigurations().getConfs()) {
                IUpdater u = updaterOf(conf.getLayer());
                if (u != null) {
                    return u;
                }
            }
        } else if (model instanceof ComputationGraph cg) {
            for (var vertex : cg.getConfiguration().getVertices().values()) {
                if (vertex instanceof LayerVertex lv) {
                    IUpdater u = updaterOf(lv.getLayerConf().getLayer());
                    if (u != null) {
                        return u;
                    }
                }
            }
        } else if (model instanceof org.deeplearning4j.nn.api.Layer layer) {
            return updaterOf(layer.conf().getLayer());
        }
        return null;
    }

    private static IUpdater updaterOf(Layer layer) {
        if (layer instanceof BaseLayer bl && bl.getIUpdater() != null && bl.getIUpdater().hasLearningRate()) {
            return bl.getIUpdater();
        }
        return null;
    }
}
