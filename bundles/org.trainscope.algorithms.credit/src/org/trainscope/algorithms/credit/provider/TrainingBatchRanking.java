package org.trainscope.algorithms.credit.provider;

import java.util.ArrayList;
import java.util.List;

import org.trainscope.core.model.BatchInputs;

/**
 * The samples of one iteration's training batch ranked by how much they drive the target neuron
 * (docs/algorithms/credit-assignment.md, "Credit on the training batch"). The score is the credit
 * result's per-sample score: forward, the target's activation on the sample (the relevance LRP
 * starts from, which the rules conserve down to the input); backward, the target's gradient. A
 * sample with a non-finite score (its forward pass overflowed or produced NaN) comes first and is
 * marked: it is the most direct cause of a non-finite loss.
 *
 * @param iteration the iteration whose batch and weights were used
 * @param samples most driving first
 * @param total the sum of |score| over the samples with a finite score (the denominator of {@link Sample#share()})
 */
public record TrainingBatchRanking(long iteration, List<Sample> samples, double total) {

    public TrainingBatchRanking {
        samples = List.copyOf(samples);
    }

    /**
     * One sample of the batch.
     *
     * @param sample its position in the batch
     * @param trainingIndex its index in the training set (trace format §4.4), -1 when not recorded
     * @param label its class, -1 when not recorded
     * @param score the target's activation (forward) or gradient (backward) on it
     * @param share |score| / total; NaN for a non-finite score
     * @param nonFinite whether the score is NaN or infinite
     */
    public record Sample(int sample, int trainingIndex, int label, float score, double share, boolean nonFinite) {
    }

    /** The ranking of {@code ranked} (sample positions, most driving first) with their scores. */
    static TrainingBatchRanking of(BatchInputs batch, int[] ranked, int[] explained, float[] scores) {
        double total = 0;
        for (float s : scores) {
            if (Float.isFinite(s)) {
                total += Math.abs(s);
            }
        }
        List<Sample> out = new ArrayList<>();
        for (int sample : ranked) {
            int k = indexOf(explained, sample);
            float score = scores[k];
            boolean nonFinite = !Float.isFinite(score);
            double share = nonFinite ? Double.NaN : total > 0 ? Math.abs(score) / total : 0;
            out.add(new Sample(sample, batch.indexOf(sample), batch.labelOf(sample), score, share, nonFinite));
        }
        return new TrainingBatchRanking(batch.iteration(), out, total);
    }

    /** The share of the total carried by the first {@code n} finite samples. */
    public double topShare(int n) {
        return samples.stream().filter(s -> !s.nonFinite()).limit(n).mapToDouble(Sample::share).sum();
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException("sample " + v + " was not explained");
    }
}
