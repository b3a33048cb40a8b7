package org.trainscope.recorders.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Describes a {@link MultiLayerNetwork}: each DL4J layer becomes a layer group holding its
 * operator (dense, conv2d, maxpool, ...), its activation function as a node of its own, a dropout
 * or flatten node where the configuration has one, and its parameters as parameter nodes. The
 * probe activation of layer i ({@code feedForward} output i + 1) belongs to the group's last
 * operator, so a dense layer's activation is shown on its "relu" node, after the non-linearity.
 */
final class MultiLayerLayouts {
    private MultiLayerLayouts() {
    }

    static ModelLayout describe(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        GraphDraft g = new GraphDraft();
        List<ModelLayout.ParamBinding> params = new ArrayList<>();
        List<String> activationNodes = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        String previous = g.operator("input", "input", "input", null, Map.of());
        boolean convolutional = false;
        int layerCount = conf.getConfs().size();
        for (int i = 0; i < layerCount; i++) {
            Layer layer = conf.getConf(i).getLayer();
            convolutional |= layer instanceof ConvolutionLayer;
            String base = nodeBaseName(layer, opOf(layer), i);
            previous = addLayer(g, List.of(previous), layer, conf.getInputPreProcess(i), base,
                    net.getLayer(i).paramTable().keySet(), i + "_", params);
            activationNodes.add(previous);
            if (layer instanceof BaseLayer bl && i == 0) {
                attributes.put("updater", String.valueOf(bl.getIUpdater()));
                attributes.put("gradientNormalization", String.valueOf(bl.getGradientNormalization()));
                if (bl.getGradientNormalization() != null && bl.getGradientNormalization() != GradientNormalization.None) {
                    attributes.put("gradientNormalizationThreshold", bl.getGradientNormalizationThreshold());
                }
            }
        }
        attributes.put("layers", layerCount);
        attributes.put("parameters", net.numParams());
        List<String> nodesOfLayers = List.copyOf(activationNodes);
        ModelLayout.ProbeForward forward = (Model model, INDArray probe) -> {
            List<INDArray> outputs = ((MultiLayerNetwork) model).feedForward(probe, false);
            Map<String, INDArray> byNode = new LinkedHashMap<>();
            for (int i = 0; i < nodesOfLayers.size(); i++) {
                byNode.put(nodesOfLayers.get(i), outputs.get(i + 1)); // output 0 is the input itself
            }
            return byNode;
        };
        return new ModelLayout(convolutional ? "cnn" : "mlp", g.build(), params, nodesOfLayers, forward, attributes);
    }

    /**
     * Adds the nodes of one DL4J layer in a group of its own: preprocessor (flatten, reshape),
     * dropout, the operator, its parameters, its activation function, and a loss node for output
     * layers. Edges run from every node of {@code inputs} to the first of them.
     *
     * @param paramKeys the layer's own parameter names ("W", "b", "gamma", ...)
     * @param keyPrefix what the model's paramTable() puts before them ("0_", "conv1_")
     * @return the node whose output is the layer's activation (the activation function's node if
     *         there is one)
     */
    static String addLayer(GraphDraft g, List<String> inputs, Layer layer, InputPreProcessor pre, String base,
            Iterable<String> paramKeys, String keyPrefix, List<ModelLayout.ParamBinding> params) {
        String group = g.layer(base);
        List<String> from = inputs;
        if (pre instanceof CnnToFeedForwardPreProcessor) {
            from = List.of(link(g, from, g.operator(base + ".flatten", "flatten", null, group, Map.of())));
        } else if (pre instanceof FeedForwardToCnnPreProcessor f) {
            // the per-sample shape the rows are laid out in (C order, as DL4J reshapes): credit needs it
            from = List.of(link(g, from, g.operator(base + ".reshape", "reshape", null, group,
                    Map.of("shape", List.of((Object) f.getNumChannels(), f.getInputHeight(), f.getInputWidth())))));
        }
        if (layer.getIDropout() != null && !(layer instanceof DropoutLayer)) {
            from = List.of(link(g, from, g.operator(base + ".dropout", "dropout", null, group,
                    Map.of("dropout", String.valueOf(layer.getIDropout())))));
        }
        String main = link(g, from, g.operator(base, opOf(layer), layer.getLayerName(), group, attributesOf(layer)));
        for (String key : paramKeys) {
            String paramNode = g.parameter(base + "." + key, key, group);
            g.edge(paramNode, main);
            params.add(new ModelLayout.ParamBinding(keyPrefix + key, paramNode, ModelLayout.kindOfParam(key)));
        }
        String exit = main;
        String activation = layer instanceof BaseLayer bl && !(layer instanceof ActivationLayer)
                ? Activations.opName(bl.getActivationFn()) : null;
        if (activation != null) {
            exit = link(g, List.of(main), g.operator(base + "." + activation, activation, null, group,
                    Activations.attributes(((BaseLayer) layer).getActivationFn())));
        }
        if (layer instanceof BaseOutputLayer out) {
            String loss = g.operator(base + ".loss", "loss", null, group, Map.of("function", String.valueOf(out.getLossFn())));
            g.edge(exit, loss);
        }
        return exit;
    }

    private static String link(GraphDraft g, List<String> from, String to) {
        for (String f : from) {
            g.edge(f, to);
        }
        return to;
    }

    /** The layer's own name if the user gave one, else op + index ("conv2d0", "dense2"). */
    private static String nodeBaseName(Layer layer, String op, int index) {
        String name = layer.getLayerName();
        boolean generated = name == null || name.isBlank() || name.matches("(layer)?\\d+");
        return generated ? (layer instanceof BaseOutputLayer ? "output" : op) + index : name;
    }

    static String opOf(Layer layer) {
        if (layer instanceof ConvolutionLayer) {
            return "conv2d";
        }
        if (layer instanceof SubsamplingLayer s) {
            return s.getPoolingType() == PoolingType.MAX ? "maxpool"
                    : s.getPoolingType() == PoolingType.AVG ? "avgpool" : "pool";
        }
        if (layer instanceof GlobalPoolingLayer) {
            return "globalpool";
        }
        if (layer instanceof BatchNormalization) {
            return "batchnorm";
        }
        if (layer instanceof DropoutLayer) {
            return "dropout";
        }
        if (layer instanceof ActivationLayer a) {
            String name = Activations.opName(a.getActivationFn());
            return name == null ? "identity" : name;
        }
        if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
            return "dense";
        }
        return layer.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> attributesOf(Layer layer) {
        Map<String, Object> a = new LinkedHashMap<>();
        if (layer instanceof ConvolutionLayer c) {
            a.put("filters", c.getNOut());
            a.put("kernelSize", ints(c.getKernelSize()));
            a.put("stride", ints(c.getStride()));
            window(a, c.getConvolutionMode(), c.getPadding(), c.getDilation(), c.getCnn2dDataFormat());
        } else if (layer instanceof SubsamplingLayer s) {
            a.put("kernelSize", ints(s.getKernelSize()));
            a.put("stride", ints(s.getStride()));
            window(a, s.getConvolutionMode(), s.getPadding(), s.getDilation(), s.getCnn2dDataFormat());
        } else if (layer instanceof BatchNormalization b) {
            a.put("eps", b.getEps());
            a.put("units", b.getNOut());
        } else if (layer instanceof FeedForwardLayer f) {
            a.put("units", f.getNOut());
        }
        return a;
    }

    /**
     * Padding as applied: in ConvolutionMode.Same DL4J ignores the configured padding and pads so
     * that the output has ceil(size / stride) positions, which the trace says as "same". Dilation
     * and a channels-last layout are written only when they differ from the defaults.
     */
    private static void window(Map<String, Object> a, ConvolutionMode mode, int[] padding, int[] dilation,
            CNN2DFormat format) {
        if (mode == ConvolutionMode.Same) {
            a.put("padding", "same");
        } else {
            a.put("padding", ints(padding));
        }
        if (mode != null) {
            a.put("convolutionMode", mode.name());
        }
        if (dilation != null && (dilation[0] != 1 || dilation.length > 1 && dilation[1] != 1)) {
            a.put("dilation", ints(dilation));
        }
        if (format == CNN2DFormat.NHWC) {
            a.put("dataFormat", "NHWC");
        }
    }

    private static List<Object> ints(int[] values) {
        List<Object> list = new ArrayList<>();
        for (int v : values) {
            list.add((long) v);
        }
        return list;
    }
}
