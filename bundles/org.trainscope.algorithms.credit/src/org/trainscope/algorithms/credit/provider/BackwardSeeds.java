package org.trainscope.algorithms.credit.provider;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.operators.FloatTensor;

/**
 * Where the loss gradient starts for backward credit, among the nodes the target neuron leads
 * to, in this order of preference:
 * <ol>
 * <li>a recorded loss node (type "loss", the DL4J recorder's) when the probe labels are known:
 * the loss the network trained on;</li>
 * <li>a classifier's output with the probe labels: the cross-entropy of the output (logits,
 * softmax probabilities or log-probabilities, as the output's operator says);</li>
 * <li>an output shaped like the probe inputs (an autoencoder's reconstruction): the squared
 * reconstruction error 0.5 ||output - input||^2;</li>
 * <li>a GAN whose output is the discriminator's probability D(G(z)) for the probe noise: the
 * generator's (non-saturating) loss -log D(G(z));</li>
 * <li>a least-squares GAN, whose discriminator's unbounded score D(G(z)) feeds a recorded
 * mean-squared-error loss (the DL4J demo GANs): the generator's loss (D(G(z)) - 1)^2 / 2, the
 * discriminator's verdict "real" being 1;</li>
 * <li>otherwise (a GAN's generator, a network without labels) the sum of the output's values
 * stands in for the loss.</li>
 * </ol>
 * Every loss is per sample (not divided by the number of probe inputs): averaged over the chosen
 * samples, as credit is, it gives the gradient of the mean loss. {@link Seed#description()}
 * says which seed was taken.
 */
public final class BackwardSeeds {
    /** The seed and what it stands for, for the status line. */
    public record Seed(GradientSeed seed, String description) {
    }

    /** Model types whose outputs are not class scores even when the run has labels (they colour the probe). */
    private static final Set<String> GENERATIVE = Set.of("vae", "gan", "autoencoder");
    /** DL4J's softmaxClipEps: a probability that underflowed to 0 gives a large, finite gradient. */
    private static final double CLIP = 1e-10;

    private BackwardSeeds() {
    }

    /**
     * @param labels the inputs' class labels, empty when unknown (user inputs)
     * @param targetNode the node of the neuron to explain: the seed is a node it leads to
     */
    public static Seed choose(CreditEngine engine, Run run, ParameterSource parameters, Map<String, FloatTensor> inputs,
            int[] labels, String targetNode, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 2);
        NetworkGraph graph = run.graph();
        Set<String> after = descendants(graph, targetNode);
        Optional<String> loss = graph.topologicalOrder().stream().filter(after::contains)
                .filter(id -> graph.node(id).orElseThrow().operatorType().equals("loss")).findFirst();
        if (loss.isPresent() && labels.length > 0) {
            try {
                engine.forwardTo(graph, parameters, inputs, loss.get(), sub.split(1));
                Node node = graph.node(loss.get()).orElseThrow();
                return new Seed(GradientSeed.loss(loss.get()), "loss: the recorded loss node " + loss.get() + " ("
                        + node.attributes().getOrDefault("function", "loss") + ") against the probe labels");
            } catch (IllegalArgumentException unsupported) {
                // e.g. a loss function credit does not know: fall back to the output below
            }
        }
        String output = output(graph, after);
        FloatTensor out = engine.forwardTo(graph, parameters, inputs, output, sub.split(1)).activation(output);
        Node node = graph.node(output).orElseThrow();
        if (labels.length > 0 && !GENERATIVE.contains(run.modelTypeId()) && node.kind() == NodeKind.OPERATOR
                && out.rank() == 2 && out.dim(0) == labels.length && labelsFit(labels, out.dim(1))) {
            String op = node.operatorType();
            if (op.equals("softmax")) {
                return new Seed(GradientSeed.upstream(output, nllOfProbabilities(out, labels)),
                        "loss: cross-entropy of the probabilities of " + output + " against the probe labels");
            }
            if (op.equals("logsoftmax")) {
                return new Seed(GradientSeed.upstream(output, nllOfLogProbabilities(out, labels)),
                        "loss: negative log-likelihood of " + output + " against the probe labels");
            }
            return new Seed(GradientSeed.upstream(output, crossEntropyGradient(out, labels)),
                    "loss: softmax cross-entropy of " + output + " against the probe labels");
        }
        FloatTensor x = inputs.isEmpty() ? null : inputs.values().iterator().next();
        if (x != null && x.size() == out.size() && x.dim(0) == out.dim(0)) {
            float[] g = new float[out.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = out.data()[i] - x.data()[i];
            }
            return new Seed(GradientSeed.upstream(output, new FloatTensor(out.shape(), g)),
                    "loss: squared reconstruction error of " + output + " against the probe inputs");
        }
        if (run.modelTypeId().equals("gan") && node.operatorType().equals("sigmoid") && out.size() == out.dim(0)) {
            float[] g = new float[out.size()];
            for (int i = 0; i < g.length; i++) {
                float d = out.data()[i];
                g[i] = Float.isNaN(d) ? Float.NaN : (float) (-1.0 / Math.max(d, CLIP));
            }
            return new Seed(GradientSeed.upstream(output, new FloatTensor(out.shape(), g)),
                    "loss: the generator's loss -log D(G(z)) at the discriminator's output " + output);
        }
        if (run.modelTypeId().equals("gan") && out.size() == out.dim(0) && squaredErrorLossAfter(graph, output)) {
            float[] g = new float[out.size()];
            for (int i = 0; i < g.length; i++) {
                g[i] = out.data()[i] - 1f; // NaN and Inf stay what they are: data
            }
            return new Seed(GradientSeed.upstream(output, new FloatTensor(out.shape(), g)),
                    "loss: the generator's least-squares loss (D(G(z)) - 1)^2 / 2 at the discriminator's output " + output);
        }
        return new Seed(GradientSeed.loss(output), "loss stand-in: the sum of the outputs of " + output
                + " (no loss node, labels or inputs to compare it with)");
    }

    /** Whether {@code output} feeds a recorded loss node of a squared error (DL4J's "LossMSE()", "LossL2()"). */
    private static boolean squaredErrorLossAfter(NetworkGraph graph, String output) {
        return graph.successors(output).stream().map(s -> graph.node(s).orElseThrow())
                .filter(n -> n.operatorType().equals("loss"))
                .map(n -> String.valueOf(n.attributes().getOrDefault("function", "")))
                .anyMatch(f -> f.contains("MSE") || f.contains("L2"));
    }

    private static Set<String> descendants(NetworkGraph graph, String id) {
        Set<String> seen = new java.util.LinkedHashSet<>();
        java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>(List.of(id));
        while (!stack.isEmpty()) {
            String n = stack.pop();
            if (seen.add(n)) {
                stack.addAll(graph.successors(n));
            }
        }
        return seen;
    }

    /** The last node the target leads to that has no successors and is not a loss: the network's output. */
    static String output(NetworkGraph graph, Set<String> after) {
        List<String> order = graph.topologicalOrder();
        for (int i = order.size() - 1; i >= 0; i--) {
            String id = order.get(i);
            Node node = graph.node(id).orElseThrow();
            if (after.contains(id) && node.kind() != NodeKind.PARAMETER && !node.operatorType().equals("loss")
                    && graph.successors(id).stream().allMatch(s -> graph.node(s).orElseThrow().operatorType().equals("loss"))) {
                return id;
            }
        }
        throw new IllegalArgumentException("the network has no output node after the neuron");
    }

    private static boolean labelsFit(int[] labels, int classes) {
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                return false;
            }
        }
        return classes > 1;
    }

    /** dCE/d(logits) = softmax(z) - onehot(y) per sample, with the max subtracted for stability. */
    static FloatTensor crossEntropyGradient(FloatTensor logits, int[] labels) {
        int n = logits.dim(0);
        int k = logits.dim(1);
        float[] z = logits.data();
        float[] g = new float[n * k];
        for (int r = 0; r < n; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[r * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                sum += Math.exp(z[r * k + c] - max);
            }
            for (int c = 0; c < k; c++) {
                double p = Math.exp(z[r * k + c] - max) / sum;
                g[r * k + c] = (float) (p - (c == labels[r] ? 1 : 0));
            }
        }
        return new FloatTensor(new int[] { n, k }, g);
    }

    /** d(-log p_y)/dp = -1/p_y at the label (p clipped to at least 1e-10), 0 elsewhere. */
    static FloatTensor nllOfProbabilities(FloatTensor p, int[] labels) {
        int k = p.dim(1);
        float[] g = new float[p.size()];
        for (int r = 0; r < labels.length; r++) {
            float v = p.data()[r * k + labels[r]];
            g[r * k + labels[r]] = Float.isNaN(v) ? Float.NaN : (float) (-1.0 / Math.max(v, CLIP));
        }
        return new FloatTensor(p.shape(), g);
    }

    /** d(-log p_y)/d(log p) = -1 at the label, 0 elsewhere. */
    static FloatTensor nllOfLogProbabilities(FloatTensor logp, int[] labels) {
        int k = logp.dim(1);
        float[] g = new float[logp.size()];
        for (int r = 0; r < labels.length; r++) {
            g[r * k + labels[r]] = -1f;
        }
        return new FloatTensor(logp.shape(), g);
    }
}
