package org.trainscope.recorders.dl4j;

import java.util.ArrayDeque;

/**
 * Decides whether a score is anomalous: not finite, or above {@code jumpFactor} times the mean of
 * the last {@code window} finite scores. The mean (not the previous score) is the reference so that
 * one noisy minibatch does not move it much; jumps are measured against |mean| so negative scores
 * (log-likelihoods) behave.
 */
final class AnomalyDetector {
    /** No jump detection before this many scores: the first ones fall fastest. */
    static final int MIN_HISTORY = 3;

    private final double jumpFactor;
    private final int window;
    private final ArrayDeque<Double> history = new ArrayDeque<>();
    private double sum;

    /** @param jumpFactor &gt; 1, or 0 to detect only non-finite scores */
    AnomalyDetector(double jumpFactor, int window) {
        this.jumpFactor = jumpFactor;
        this.window = Math.max(1, window);
    }

    /** The reason the score is anomalous, or null. Finite scores join the history. */
    String check(double score) {
        if (!Double.isFinite(score)) {
            return "score is " + score;
        }
        String reason = null;
        if (jumpFactor > 0 && history.size() >= MIN_HISTORY) {
            double mean = sum / history.size();
            if (mean != 0 && score - mean > (jumpFactor - 1) * Math.abs(mean)) {
                reason = String.format(java.util.Locale.ROOT,
                        "score jumped from a recent mean of %.6g to %.6g (factor > %g)", mean, score, jumpFactor);
            }
        }
        history.addLast(score);
        sum += score;
        if (history.size() > window) {
            sum -= history.removeFirst();
        }
        return reason;
    }
}
