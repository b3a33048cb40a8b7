package org.trainscope.core.snapshot;

/**
 * How one node differs between two compared runs ({@link SnapshotComparison}), at the matching
 * iterations of the first run's window.
 *
 * @param nodeId the node (present in both runs)
 * @param tensorId the first run's tensor that differs most at the current iteration ("" when none could be compared)
 * @param otherTensorId the second run's tensor it was matched with
 * @param iterations the first run's record iterations in the window that have a matching record in the second run
 * @param otherIterations the matching record of the second run for each: the same iteration, or the nearest recorded before it
 * @param logMeanAbsRatio per matching iteration, log10 of the first run's mean |value| over the second's (NaN when
 *        either has no finite value or a mean |value| of 0)
 * @param logSpreadRatio per matching iteration, log10 of the first run's spread (q95 − q05) over the second's (NaN likewise)
 * @param score the difference at the current iteration in decades: the larger |log ratio| of the two measures;
 *        above {@link AbnormalityScore#NON_FINITE} when exactly one run has NaN/Inf there; 0 when nothing matched
 * @param currentLogMeanAbsRatio {@code logMeanAbsRatio} at the current iteration (NaN when unknown), the colour's sign
 * @param reason the score in words
 */
public record NodeDifference(String nodeId, String tensorId, String otherTensorId, long[] iterations,
        long[] otherIterations, double[] logMeanAbsRatio, double[] logSpreadRatio, double score,
        double currentLogMeanAbsRatio, String reason) {

    public NodeDifference {
        iterations = iterations.clone();
        otherIterations = otherIterations.clone();
        logMeanAbsRatio = logMeanAbsRatio.clone();
        logSpreadRatio = logSpreadRatio.clone();
    }

    @Override
    public long[] iterations() {
        return iterations.clone();
    }

    @Override
    public long[] otherIterations() {
        return otherIterations.clone();
    }

    @Override
    public double[] logMeanAbsRatio() {
        return logMeanAbsRatio.clone();
    }

    @Override
    public double[] logSpreadRatio() {
        return logSpreadRatio.clone();
    }

    /** Whether anything of the node could be compared. */
    public boolean compared() {
        return !tensorId.isEmpty();
    }
}
