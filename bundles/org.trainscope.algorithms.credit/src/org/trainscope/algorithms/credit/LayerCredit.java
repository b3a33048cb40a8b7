package org.trainscope.algorithms.credit;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The credit of one layer (graph node): per neuron, the contribution averaged over the chosen
 * samples and snapshots; per sample, the layer's total.
 *
 * @param nodeId the node
 * @param neuronShape shape of one sample of the node's output
 * @param contribution mean contribution per neuron (flat, row-major over {@code neuronShape})
 * @param sampleTotals per chosen sample, the sum over the layer's neurons (mean over snapshots)
 * @param top the largest contributions by magnitude, at most topK of them
 */
public record LayerCredit(String nodeId, int[] neuronShape, float[] contribution, float[] sampleTotals,
        List<NeuronScore> top) {

    /** One neuron and its contribution. */
    public record NeuronScore(int neuron, float value) {
    }

    public LayerCredit {
        top = List.copyOf(top);
    }

    /** Sum over the layer of the mean contributions. */
    public double total() {
        double s = 0;
        for (float v : contribution) {
            s += v;
        }
        return s;
    }

    /**
     * The {@code k} neurons with the largest |contribution|; non-finite values rank first since
     * they are what a user debugging a failed run looks for. Ties keep neuron order.
     */
    public static List<NeuronScore> topByMagnitude(float[] values, int k) {
        List<NeuronScore> all = new ArrayList<>();
        IntStream.range(0, values.length).forEach(i -> all.add(new NeuronScore(i, values[i])));
        all.sort(Comparator.comparingDouble((NeuronScore s) -> rankKey(s.value())).reversed());
        return all.subList(0, Math.min(k, all.size()));
    }

    static double rankKey(float v) {
        return Float.isFinite(v) ? Math.abs(v) : Double.POSITIVE_INFINITY;
    }
}
