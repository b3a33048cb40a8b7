package org.trainscope.recorders.dl4j;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.layers.variational.ReconstructionDistribution;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Describes a DL4J {@link VariationalAutoencoder} layer as the listener sees it during
 * {@code pretrainLayer}: encoder layers, the mean and log-variance heads, the latent z as a
 * random-variable node, decoder layers and the reconstruction distribution.
 *
 * <p>DL4J returns neither the log-variance nor a probe sample of z, so the probe forward computes
 * them from the parameters: {@code logvar = act(h W_logStd2 + b)}, and
 * {@code z = mu + exp(logvar / 2) * eps} with a noise {@code eps} drawn once from a fixed seed, so
 * that z changes between records only because the network changed. That noise is stored as the
 * static array {@value #PROBE_NOISE} ([P, latent], float32) and named by z's attribute
 * "probeNoise", so that credit can replay z for the probe inputs (trace format §4.1).
 */
final class VaeLayouts {
    /** Seed of the fixed probe noise for z. */
    static final long PROBE_NOISE_SEED = 20240617L;
    /** Id of the static array holding that noise. */
    static final String PROBE_NOISE = "probe.noise.z";

    private VaeLayouts() {
    }

    static ModelLayout describe(VariationalAutoencoder vae) {
        var conf = (org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder) vae.conf().getLayer();
        int[] encoder = conf.getEncoderLayerSizes();
        int[] decoder = conf.getDecoderLayerSizes();
        String act = Activations.opName(conf.getActivationFn());
        Map<String, Object> actAttributes = Activations.attributes(conf.getActivationFn());
        String distribution = distributionName(conf.getOutputDistribution());
        Map<String, INDArray> table = vae.paramTable();
        GraphDraft g = new GraphDraft();
        List<ModelLayout.ParamBinding> params = new ArrayList<>();
        List<String> activationNodes = new ArrayList<>();

        String previous = g.operator("input", "input", "input", null, Map.of());
        String encoderLayer = g.layer("encoder");
        for (int k = 0; k < encoder.length; k++) {
            previous = denseWithActivation(g, table, params, previous, "e" + k, encoder[k], act, actAttributes, encoderLayer);
            activationNodes.add(previous);
        }
        String latent = g.layer("latent");
        String mu = g.operator("mu", "dense", "pZXMean", latent, Map.of("units", conf.getNOut()));
        String logvar = g.operator("logvar", "dense", "pZXLogStd2", latent, Map.of("units", conf.getNOut()));
        g.edge(previous, mu);
        g.edge(previous, logvar);
        bindParams(g, table, params, mu, "pZXMean", latent);
        bindParams(g, table, params, logvar, "pZXLogStd2", latent);
        // the heads' own activation (identity in most VAEs) gets a node, so that the graph recomputes z
        mu = activationAfter(g, mu, conf.getPzxActivationFn(), latent);
        logvar = activationAfter(g, logvar, conf.getPzxActivationFn(), latent);
        String z = g.randomVariable("z", "normal", "z", latent,
                Map.of("mean", mu, "logVariance", logvar, "probeNoise", PROBE_NOISE, "probeNoiseSeed", PROBE_NOISE_SEED));
        g.edge(mu, z);
        g.edge(logvar, z);
        activationNodes.add(mu);
        activationNodes.add(logvar);
        activationNodes.add(z);
        String decoderLayer = g.layer("decoder");
        previous = z;
        for (int k = 0; k < decoder.length; k++) {
            previous = denseWithActivation(g, table, params, previous, "d" + k, decoder[k], act, actAttributes, decoderLayer);
            activationNodes.add(previous);
        }
        String output = g.layer("reconstruction");
        String pxz = g.operator("pXZ", "dense", "pXZ", output, Map.of());
        g.edge(previous, pxz);
        bindParams(g, table, params, pxz, "pXZ", output);
        String xhat = g.randomVariable("xhat", distribution, "reconstruction", output,
                reconstructionAttributes(conf.getOutputDistribution()));
        g.edge(pxz, xhat);
        activationNodes.add(xhat);

        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("encoderLayerSizes", toList(encoder));
        attributes.put("decoderLayerSizes", toList(decoder));
        attributes.put("latentSize", conf.getNOut());
        attributes.put("reconstruction", String.valueOf(conf.getOutputDistribution()));
        attributes.put("updater", String.valueOf(conf.getIUpdater()));
        attributes.put("gradientNormalization", String.valueOf(conf.getGradientNormalization()));
        if (conf.getGradientNormalization() != null && conf.getGradientNormalization() != GradientNormalization.None) {
            attributes.put("gradientNormalizationThreshold", conf.getGradientNormalizationThreshold());
        }
        attributes.put("parameters", vae.numParams());
        List<String> nodes = List.copyOf(activationNodes);
        return new ModelLayout("vae", g.build(), params, nodes, new Forward(conf, nodes), attributes);
    }

    private static String denseWithActivation(GraphDraft g, Map<String, INDArray> table, List<ModelLayout.ParamBinding> params,
            String previous, String prefix, int units, String act, Map<String, Object> actAttributes, String layer) {
        String dense = g.operator(prefix, "dense", prefix, layer, Map.of("units", (long) units));
        g.edge(previous, dense);
        bindParams(g, table, params, dense, prefix, layer);
        if (act == null) {
            return dense;
        }
        String a = g.operator(prefix + "." + act, act, null, layer, actAttributes);
        g.edge(dense, a);
        return a;
    }

    private static String activationAfter(GraphDraft g, String node, IActivation activation, String layer) {
        String name = Activations.opName(activation);
        if (name == null) {
            return node;
        }
        String a = g.operator(node + "." + name, name, null, layer, Activations.attributes(activation));
        g.edge(node, a);
        return a;
    }

    private static void bindParams(GraphDraft g, Map<String, INDArray> table, List<ModelLayout.ParamBinding> params,
            String node, String prefix, String layer) {
        for (String suffix : new String[] {"W", "b"}) {
            String key = prefix + suffix;
            if (table.containsKey(key)) {
                String p = g.parameter(node + "." + suffix, key, layer);
                g.edge(p, node);
                params.add(new ModelLayout.ParamBinding(key, p, ModelLayout.kindOfParam(suffix)));
            }
        }
    }

    /**
     * What the recorded mean of p(x|z) is made of, so that it can be recomputed from pXZ: the
     * activation DL4J applies to the distribution's parameters (Gaussian: to the mean half of
     * [means | log variances]; Bernoulli: to all of them).
     */
    private static Map<String, Object> reconstructionAttributes(ReconstructionDistribution d) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("recorded", "mean of p(x|z) for the probe's z");
        IActivation activation = null;
        if (d instanceof org.deeplearning4j.nn.conf.layers.variational.GaussianReconstructionDistribution gd) {
            activation = gd.getActivationFn();
            a.put("parameters", "means then log variances, per pixel");
        } else if (d instanceof org.deeplearning4j.nn.conf.layers.variational.BernoulliReconstructionDistribution bd) {
            activation = bd.getActivationFn();
        }
        if (activation != null) {
            String name = Activations.opName(activation);
            a.put("activation", name == null ? "identity" : name);
        }
        return a;
    }

    private static String distributionName(ReconstructionDistribution d) {
        String simple = d.getClass().getSimpleName().replace("ReconstructionDistribution", "");
        return simple.isEmpty() ? "distribution" : simple.toLowerCase(Locale.ROOT);
    }

    private static List<Object> toList(int[] values) {
        List<Object> list = new ArrayList<>();
        for (int v : values) {
            list.add((long) v);
        }
        return list;
    }

    /** The probe forward pass, mirroring DL4J's VAE computation with fixed noise for z. */
    private static final class Forward implements ModelLayout.ProbeForward {
        private final org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder conf;
        private final List<String> nodes;
        private INDArray noise;

        Forward(org.deeplearning4j.nn.conf.layers.variational.VariationalAutoencoder conf, List<String> nodes) {
            this.conf = conf;
            this.nodes = nodes;
        }

        @Override
        public Map<String, INDArray> probeArrays(Model model, INDArray probe) {
            var p = ((VariationalAutoencoder) model).paramTable();
            INDArray like = Nd4j.zeros(p.get("e0W").dataType(), probe.size(0), conf.getNOut());
            return Map.of(PROBE_NOISE, noise(like));
        }

        @Override
        public Map<String, INDArray> run(Model model, INDArray probe) {
            VariationalAutoencoder vae = (VariationalAutoencoder) model;
            Map<String, INDArray> p = vae.paramTable();
            List<INDArray> outputs = new ArrayList<>();
            INDArray h = probe.castTo(p.get("e0W").dataType());
            for (int k = 0; k < conf.getEncoderLayerSizes().length; k++) {
                h = affine(h, p, "e" + k, conf.getActivationFn());
                outputs.add(h);
            }
            INDArray mu = affine(h, p, "pZXMean", conf.getPzxActivationFn());
            INDArray logvar = affine(h, p, "pZXLogStd2", conf.getPzxActivationFn());
            INDArray z = mu.add(Transforms.exp(logvar.mul(0.5), false).muli(noise(mu)));
            outputs.add(mu);
            outputs.add(logvar);
            outputs.add(z);
            INDArray d = z;
            for (int k = 0; k < conf.getDecoderLayerSizes().length; k++) {
                d = affine(d, p, "d" + k, conf.getActivationFn());
                outputs.add(d);
            }
            INDArray pxz = d.mmul(p.get("pXZW")).addiRowVector(p.get("pXZb"));
            outputs.add(conf.getOutputDistribution().generateAtMean(pxz));
            Map<String, INDArray> byNode = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                byNode.put(nodes.get(i), outputs.get(i));
            }
            return byNode;
        }

        private static INDArray affine(INDArray x, Map<String, INDArray> p, String prefix, IActivation activation) {
            INDArray pre = x.mmul(p.get(prefix + "W")).addiRowVector(p.get(prefix + "b"));
            return activation.getActivation(pre, false);
        }

        private INDArray noise(INDArray like) {
            if (noise == null || !java.util.Arrays.equals(noise.shape(), like.shape())) {
                Random random = new Random(PROBE_NOISE_SEED);
                float[] values = new float[(int) like.length()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) random.nextGaussian();
                }
                noise = Nd4j.create(values, like.shape(), 'c').castTo(like.dataType());
            }
            return noise;
        }
    }
}
