package org.trainscope.ui.credit.internal;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;

/**
 * Where the loss gradient starts for backward credit. Traces record no loss node, so when the
 * probe labels are known and the network ends in class scores [N, K] the gradient is that of the
 * mean softmax cross-entropy, the loss classifiers train on; otherwise the sum of the outputs
 * stands in for the loss, and {@link Seed#description()} says so.
 */
public final class BackwardSeeds {
    /** The seed and what it stands for, for the status line. */
    public record Seed(GradientSeed seed, String description) {
    }

    private BackwardSeeds() {
    }

    public static Seed choose(CreditEngine engine, NetworkGraph graph, ParameterSource parameters,
            Map<String, FloatTensor> inputs, int[] labels, IProgressMonitor monitor) {
        String output = output(graph);
        if (labels.length > 0) {
            FloatTensor logits = engine.forward(graph, parameters, inputs, monitor).activation(output);
            if (logits.rank() == 2 && logits.dim(0) == labels.length && labelsFit(labels, logits.dim(1))) {
                return new Seed(GradientSeed.upstream(output, crossEntropyGradient(logits, labels)),
                        "loss: softmax cross-entropy of " + output + " against the probe labels");
            }
        }
        return new Seed(GradientSeed.loss(output), "loss stand-in: sum of the outputs of " + output);
    }

    /** The last operator node without successors (the network output). */
    static String output(NetworkGraph graph) {
        List<String> order = graph.topologicalOrder();
        for (int i = order.size() - 1; i >= 0; i--) {
            String id = order.get(i);
            if (graph.successors(id).isEmpty() && graph.node(id).orElseThrow().kind() != NodeKind.PARAMETER) {
                return id;
            }
        }
        throw new IllegalArgumentException("the network has no output node");
    }

    private static boolean labelsFit(int[] labels, int classes) {
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                return false;
            }
        }
        return classes > 1;
    }

    /** d(mean CE)/d(logits) = (softmax(z) - onehot(y)) / N, per row with the max subtracted for stability. */
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
                g[r * k + c] = (float) ((p - (c == labels[r] ? 1 : 0)) / n);
            }
        }
        return new FloatTensor(new int[] { n, k }, g);
    }
}
