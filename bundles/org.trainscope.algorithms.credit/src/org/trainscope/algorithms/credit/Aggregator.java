package org.trainscope.algorithms.credit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;

/**
 * Averages per-sample credit maps over the chosen samples and over snapshots, in double, in a
 * fixed order (deterministic).
 */
final class Aggregator {
    private final int[] samples;
    private final int topK;
    private final Map<String, double[]> neuronSums = new LinkedHashMap<>();
    private final Map<String, double[]> sampleTotals = new HashMap<>();
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Map<String, double[]> inputSums = new HashMap<>();
    private final double[] scores;
    private int snapshots;

    Aggregator(int[] samples, int topK) {
        this.samples = samples;
        this.topK = topK;
        this.scores = new double[samples.length];
    }

    /** Adds one snapshot: per-node per-sample maps (batch first), in {@code order}. */
    void add(List<String> order, Map<String, FloatTensor> maps, Set<String> inputNodes, FloatTensor scoreSource,
            int targetIndex) {
        snapshots++;
        for (String id : order) {
            FloatTensor m = maps.get(id);
            if (m == null) {
                continue;
            }
            int per = Tensors.perSample(m);
            double[] sums = neuronSums.computeIfAbsent(id, k -> new double[per]);
            double[] totals = sampleTotals.computeIfAbsent(id, k -> new double[samples.length]);
            shapes.putIfAbsent(id, Arrays.copyOfRange(m.shape(), 1, m.rank()));
            float[] d = m.data();
            for (int k = 0; k < samples.length; k++) {
                int base = samples[k] * per;
                double total = 0;
                for (int i = 0; i < per; i++) {
                    sums[i] += d[base + i];
                    total += d[base + i];
                }
                totals[k] += total;
            }
            if (inputNodes.contains(id)) {
                double[] in = inputSums.computeIfAbsent(id, k -> new double[samples.length * per]);
                for (int k = 0; k < samples.length; k++) {
                    for (int i = 0; i < per; i++) {
                        in[k * per + i] += d[samples[k] * per + i];
                    }
                }
            }
        }
        int per = Tensors.perSample(scoreSource);
        for (int k = 0; k < samples.length; k++) {
            scores[k] += scoreSource.data()[samples[k] * per + targetIndex];
        }
    }

    CreditResult result(CreditResult.Direction direction, NeuronRef target) {
        double norm = (double) samples.length * snapshots;
        List<LayerCredit> layers = new ArrayList<>();
        for (Map.Entry<String, double[]> e : neuronSums.entrySet()) {
            float[] mean = toFloat(e.getValue(), norm);
            float[] totals = toFloat(sampleTotals.get(e.getKey()), snapshots);
            layers.add(new LayerCredit(e.getKey(), shapes.get(e.getKey()), mean, totals,
                    LayerCredit.topByMagnitude(mean, topK)));
        }
        Map<String, FloatTensor> inputs = new HashMap<>();
        for (Map.Entry<String, double[]> e : inputSums.entrySet()) {
            int[] s = shapes.get(e.getKey());
            int[] shape = new int[s.length + 1];
            shape[0] = samples.length;
            System.arraycopy(s, 0, shape, 1, s.length);
            inputs.put(e.getKey(), new FloatTensor(shape, toFloat(e.getValue(), snapshots)));
        }
        float[] sampleScores = toFloat(scores, snapshots);
        Integer[] order = new Integer[samples.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> LayerCredit.rankKey(sampleScores[k])).reversed());
        int[] ranking = Arrays.stream(order).mapToInt(k -> samples[k]).toArray();
        return new CreditResult(direction, target, samples.clone(), snapshots, layers, sampleScores, ranking, inputs);
    }

    private static float[] toFloat(double[] v, double divisor) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / divisor);
        }
        return out;
    }
}
