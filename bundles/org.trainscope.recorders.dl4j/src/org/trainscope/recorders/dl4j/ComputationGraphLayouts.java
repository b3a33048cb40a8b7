package org.trainscope.recorders.dl4j;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Describes a {@link ComputationGraph}: every layer vertex becomes a layer group as in
 * {@link MultiLayerLayouts}, other vertices (merge, element-wise, subset, ...) one operator node
 * named after the vertex type, inputs "input" nodes. Edges follow the graph's vertex inputs. Probe
 * activations come from {@code feedForward(probe, false)}; graphs with several inputs get none.
 */
final class ComputationGraphLayouts {
    private ComputationGraphLayouts() {
    }

    static ModelLayout describe(ComputationGraph cg) {
        ComputationGraphConfiguration conf = cg.getConfiguration();
        GraphVertex[] vertices = cg.getVertices();
        GraphDraft g = new GraphDraft();
        List<ModelLayout.ParamBinding> params = new ArrayList<>();
        Map<String, String> exitOfVertex = new HashMap<>();
        Map<String, String> nodeOfActivation = new LinkedHashMap<>(); // vertex name -> node id
        boolean convolutional = false;
        for (int index : cg.topologicalSortOrder()) {
            GraphVertex v = vertices[index];
            String name = v.getVertexName();
            List<String> inputs = new ArrayList<>();
            VertexIndices[] in = v.getInputVertices();
            if (in != null) {
                for (VertexIndices vi : in) {
                    inputs.add(exitOfVertex.get(vertices[vi.getVertexIndex()].getVertexName()));
                }
            }
            String exit;
            if (v.isInputVertex()) {
                exit = g.operator(name, "input", name, null, Map.of());
            } else if (v.hasLayer() && conf.getVertices().get(name) instanceof LayerVertex lv) {
                Layer layer = lv.getLayerConf().getLayer();
                convolutional |= layer instanceof ConvolutionLayer;
                exit = MultiLayerLayouts.addLayer(g, inputs, layer, lv.getPreProcessor(), name,
                        v.getLayer().paramTable().keySet(), name + "_", params);
                nodeOfActivation.put(name, exit);
            } else {
                var vertexConf = conf.getVertices().get(name);
                String op = vertexConf.getClass().getSimpleName().replace("Vertex", "").toLowerCase(Locale.ROOT);
                Map<String, Object> attributes = Map.of();
                if (vertexConf instanceof org.deeplearning4j.nn.conf.graph.ElementWiseVertex ew) {
                    // an addition is an "add" node, which credit runs through; other operations keep their name
                    op = ew.getOp() == org.deeplearning4j.nn.conf.graph.ElementWiseVertex.Op.Add ? "add" : op;
                    attributes = Map.of("operation", String.valueOf(ew.getOp()));
                }
                exit = g.operator(name, op.isEmpty() ? "vertex" : op, name, null, attributes);
                for (String from : inputs) {
                    g.edge(from, exit);
                }
                nodeOfActivation.put(name, exit);
            }
            exitOfVertex.put(name, exit);
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("vertices", (long) vertices.length);
        attributes.put("parameters", cg.numParams());
        boolean singleInput = conf.getNetworkInputs().size() == 1;
        Map<String, String> activations = singleInput ? nodeOfActivation : Map.of();
        ModelLayout.ProbeForward forward = new ModelLayout.ProbeForward() {
            @Override
            public Map<String, INDArray> run(Model model, INDArray probe) {
                return nodesOfVertices(((ComputationGraph) model).feedForward(probe, false));
            }

            @Override
            public <T> Map<String, T> nodesOfVertices(Map<String, T> outputs) {
                Map<String, T> byNode = new LinkedHashMap<>();
                activations.forEach((vertex, node) -> {
                    T a = outputs.get(vertex);
                    if (a != null) {
                        byNode.put(node, a);
                    }
                });
                return byNode;
            }
        };
        return new ModelLayout(convolutional ? "cnn" : "mlp", g.build(), params, List.copyOf(activations.values()),
                forward, attributes);
    }
}
