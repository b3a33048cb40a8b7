package org.trainscope.recorders.dl4j;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.IUpdater;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;

/**
 * Describes a GAN recorded as one {@link MultiLayerNetwork} whose first layers are the generator
 * and whose other layers are the discriminator (forward(z) = D(G(z)), as the PyTorch recorder's
 * {@code GanPair}): the graph of {@link MultiLayerLayouts} with the layer groups "generator" and
 * "discriminator", the input as a random-variable node (the noise, its probe noise being the probe
 * inputs), model type "gan", and the manifest attributes "gan" and "optimizers" the PyTorch
 * recorder writes (docs/recorders.md "Several optimizers (GAN)").
 */
final class GanLayouts {
    static final String GENERATOR = "generator";
    static final String DISCRIMINATOR = "discriminator";
    static final String NOISE = "input";

    private GanLayouts() {
    }

    /**
     * @param gan             generator layers followed by discriminator layers
     * @param generatorLayers how many of the first layers are the generator's
     * @param discriminator   the network the discriminator trains as (its own updater)
     * @param noise           the distribution of the latent input ("normal" or "uniform")
     * @param probeNoiseArray the static array holding the probe noise (the probe inputs), or null
     */
    static ModelLayout describe(MultiLayerNetwork gan, int generatorLayers, MultiLayerNetwork discriminator, String noise,
            String probeNoiseArray) {
        ModelLayout plain = MultiLayerLayouts.describe(gan);
        // MultiLayerLayouts makes one layer group per DL4J layer, in layer order
        List<LayerGroup> perLayer = plain.graph().layers();
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (int i = 0; i < perLayer.size(); i++) {
            groupOf.put(perLayer.get(i).id(), i < generatorLayers ? GENERATOR : DISCRIMINATOR);
        }
        List<GraphNode> nodes = new ArrayList<>();
        for (GraphNode n : plain.graph().nodes()) {
            if (n.id().equals(NOISE)) {
                Map<String, Object> attributes = new LinkedHashMap<>();
                if (probeNoiseArray != null) {
                    attributes.put("probeNoise", probeNoiseArray);
                }
                nodes.add(new GraphNode(n.id(), TraceNodeKind.RANDOM_VARIABLE, noise, "noise", GENERATOR, attributes));
            } else {
                nodes.add(new GraphNode(n.id(), n.kind(), n.op(), n.name(), groupOf.getOrDefault(n.layer(), n.layer()), n.attributes()));
            }
        }
        TraceGraph graph = new TraceGraph(List.of(new LayerGroup(GENERATOR, "Generator"), new LayerGroup(DISCRIMINATOR, "Discriminator")),
                nodes, plain.graph().edges());

        Map<String, Object> attributes = new LinkedHashMap<>(plain.attributes());
        attributes.remove("updater"); // one per network now: "optimizers"
        String generated = plain.activationNodes().get(generatorLayers - 1);
        Map<String, Object> roles = new LinkedHashMap<>();
        roles.put("generator", GENERATOR);
        roles.put("discriminator", DISCRIMINATOR);
        roles.put("noise", NOISE);
        roles.put("generated", generated);
        roles.put("generatedTensor", generated + ".act");
        attributes.put("gan", roles);
        List<Object> generatorParams = new ArrayList<>();
        List<Object> discriminatorParams = new ArrayList<>();
        for (ModelLayout.ParamBinding p : plain.params()) {
            int layer = Integer.parseInt(p.paramKey().substring(0, p.paramKey().indexOf('_')));
            (layer < generatorLayers ? generatorParams : discriminatorParams).add(p.nodeId());
        }
        attributes.put("optimizers", List.of(
                optimizer(GENERATOR, firstUpdater(gan, 0, generatorLayers), generatorParams),
                optimizer(DISCRIMINATOR, firstUpdater(discriminator, 0, discriminator.getnLayers()), discriminatorParams)));
        return new ModelLayout("gan", graph, plain.params(), plain.activationNodes(), plain.forward(), attributes);
    }

    static IUpdater firstUpdater(MultiLayerNetwork net, int from, int to) {
        for (int i = from; i < to; i++) {
            Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (layer instanceof BaseLayer bl && bl.getIUpdater() != null) {
                return bl.getIUpdater();
            }
        }
        return null;
    }

    private static Map<String, Object> optimizer(String name, IUpdater updater, List<Object> parameters) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("name", name);
        o.put("type", updater == null ? "none" : updater.getClass().getSimpleName());
        o.put("settings", settings(updater));
        o.put("parameters", parameters);
        return o;
    }

    /**
     * The updater's plain settings (Adam: learningRate, beta1, beta2, epsilon), from its getters:
     * ND4J's updater configs are Lombok beans. A schedule is written by its description.
     */
    static Map<String, Object> settings(IUpdater updater) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (updater == null) {
            return s;
        }
        for (Method m : updater.getClass().getMethods()) {
            String name = m.getName();
            if (m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class || !name.startsWith("get")
                    || name.equals("getClass") || name.startsWith("getLearningRate") && name.length() > 15) {
                continue;
            }
            String key = Character.toLowerCase(name.charAt(3)) + name.substring(4);
            try {
                Object v = m.invoke(updater);
                if (v instanceof Double || v instanceof Float) {
                    s.put(key, ((Number) v).doubleValue());
                } else if (v instanceof Number n) {
                    s.put(key, n.longValue());
                } else if (v instanceof Boolean) {
                    s.put(key, v);
                } else if (v != null && name.endsWith("Schedule")) {
                    s.put(key, String.valueOf(v));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                // a getter that needs state it does not have: not a setting
            }
        }
        return new java.util.TreeMap<>(s);
    }
}
