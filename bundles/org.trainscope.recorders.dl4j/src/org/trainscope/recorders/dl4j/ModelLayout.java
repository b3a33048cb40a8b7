package org.trainscope.recorders.dl4j;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainscope.trace.NetworkGraph;
import org.trainscope.trace.TensorKind;

/**
 * How one network maps onto a trace: its graph, which parameters become weight/bias tensors, which
 * graph nodes get probe activations and how to compute them.
 */
record ModelLayout(String modelType, NetworkGraph graph, List<ParamBinding> params, List<String> activationNodes,
        ProbeForward forward, Map<String, Object> attributes) {

    /** A parameter of the model ({@code paramKey} in paramTable() and in the gradient) and its graph node. */
    record ParamBinding(String paramKey, String nodeId, TensorKind kind) {
    }

    /** Computes the activations of the activation nodes for the probe batch, keyed by node id. */
    @FunctionalInterface
    interface ProbeForward {
        Map<String, INDArray> run(Model model, INDArray probe);
    }

    /** Weight for matrices and scales, bias for offsets: what a viewer colours differently. */
    static TensorKind kindOfParam(String shortName) {
        // DL4J names offsets "b" (dense, conv), "beta" (batch norm) or "<prefix>b" (VAE: "e0b", "pXZb")
        return shortName.endsWith("b") || shortName.equals("beta") ? TensorKind.BIAS : TensorKind.WEIGHT;
    }
}
