package org.trainscope.recorders.dl4j;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceTensorKind;

/**
 * How one network maps onto a trace: its graph, which parameters become weight/bias tensors, which
 * graph nodes get probe activations and how to compute them.
 */
record ModelLayout(String modelType, TraceGraph graph, List<ParamBinding> params, List<String> activationNodes,
        ProbeForward forward, Map<String, Object> attributes) {

    /** A parameter of the model ({@code paramKey} in paramTable() and in the gradient) and its graph node. */
    record ParamBinding(String paramKey, String nodeId, TraceTensorKind kind) {
    }

    /** Computes the activations of the activation nodes for the probe batch, keyed by node id. */
    @FunctionalInterface
    interface ProbeForward {
        Map<String, INDArray> run(Model model, INDArray probe);

        /**
         * Static arrays that belong to the probe and are written once with it, keyed by array id:
         * the noise a random-variable node draws for the probe inputs (trace format §4.1,
         * attribute "probeNoise"), the same at every record.
         */
        default Map<String, INDArray> probeArrays(Model model, INDArray probe) {
            return Map.of();
        }

        /**
         * Values DL4J names by vertex (a {@code ComputationGraph}'s forward outputs, or counts made
         * of them), re-keyed by the activation node of each vertex; vertices without one are left
         * out. Empty for models without vertices.
         */
        default <T> Map<String, T> nodesOfVertices(Map<String, T> byVertex) {
            return Map.of();
        }
    }

    /** Weight for matrices and scales, bias for offsets: what a viewer colours differently. */
    static TraceTensorKind kindOfParam(String shortName) {
        // DL4J names offsets "b" (dense, conv), "beta" (batch norm) or "<prefix>b" (VAE: "e0b", "pXZb")
        return shortName.endsWith("b") || shortName.equals("beta") ? TraceTensorKind.BIAS : TraceTensorKind.WEIGHT;
    }
}
