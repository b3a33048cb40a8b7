package org.trainscope.algorithms.credit;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trainscope.core.operators.FloatTensor;

/**
 * The outcome of forward credit (LRP relevance of earlier neurons) or backward credit (the
 * target's gradient decomposed over later neurons), averaged over the chosen samples and
 * snapshots.
 *
 * @param direction forward (LRP) or backward (gradient decomposition)
 * @param target the explained neuron
 * @param samples the batch indices aggregated over, in the order of per-sample arrays
 * @param snapshotCount how many parameter snapshots were averaged
 * @param layers per node, in topological order; forward: the target and every node it depends
 *        on; backward: the target and every node between it and the gradient seed
 * @param sampleScores per chosen sample: forward, the target's activation (the relevance LRP
 *        starts from); backward, the target's gradient dL/da_i
 * @param sampleRanking the chosen samples' batch indices ordered by |score|, non-finite first:
 *        the inputs that drive the neuron most
 * @param inputRelevance forward only: per source node, the relevance of every input value of
 *        every chosen sample ([samples, ...]), for heatmaps
 */
public record CreditResult(Direction direction, NeuronRef target, int[] samples, int snapshotCount,
        List<LayerCredit> layers, float[] sampleScores, int[] sampleRanking, Map<String, FloatTensor> inputRelevance) {

    public enum Direction {
        FORWARD, BACKWARD
    }

    public CreditResult {
        layers = List.copyOf(layers);
        inputRelevance = Map.copyOf(inputRelevance);
    }

    public Optional<LayerCredit> layer(String nodeId) {
        return layers.stream().filter(l -> l.nodeId().equals(nodeId)).findFirst();
    }

    /**
     * A heatmap over an image input for the {@code k}-th chosen sample: relevance summed over
     * channels for NCHW inputs ([H, W]); the sample's relevance as it is for other inputs.
     */
    public FloatTensor heatmap(String inputNodeId, int k) {
        FloatTensor r = inputRelevance.get(inputNodeId);
        if (r == null) {
            throw new IllegalArgumentException("no input relevance for '" + inputNodeId + "'");
        }
        int per = r.size() / r.dim(0);
        float[] d = r.data();
        if (r.rank() != 4) {
            int[] shape = r.shape();
            float[] one = new float[per];
            System.arraycopy(d, k * per, one, 0, per);
            return new FloatTensor(java.util.Arrays.copyOfRange(shape, 1, shape.length), one);
        }
        int c = r.dim(1);
        int hw = r.dim(2) * r.dim(3);
        float[] map = new float[hw];
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < hw; p++) {
                map[p] += d[k * per + ch * hw + p];
            }
        }
        return new FloatTensor(new int[] { r.dim(2), r.dim(3) }, map);
    }
}
