package org.trainscope.algorithms.sampling;

import java.util.Arrays;

/**
 * The outcome of a sampler: which polylines were selected (in the order they were selected, and
 * sorted), the metric they were selected under, and the radii of the Poisson-disk schedule (NaN
 * for samplers without one).
 */
public final class SamplingResult {

    private final String samplerId;
    private final int[] selectionOrder;
    private final PolylineMetric metric;
    private final double initialRadius;
    private final double finalRadius;
    private final int passes;
    private final int nonFiniteCandidates;

    public SamplingResult(String samplerId, int[] selectionOrder, PolylineMetric metric, double initialRadius,
            double finalRadius, int passes, int nonFiniteCandidates) {
        this.samplerId = samplerId;
        this.selectionOrder = selectionOrder.clone();
        this.metric = metric;
        this.initialRadius = initialRadius;
        this.finalRadius = finalRadius;
        this.passes = passes;
        this.nonFiniteCandidates = nonFiniteCandidates;
    }

    public String samplerId() {
        return samplerId;
    }

    /** @return the selected polyline indices in the order they were selected */
    public int[] selectionOrder() {
        return selectionOrder.clone();
    }

    /** @return the selected polyline indices, ascending */
    public int[] sortedIndices() {
        int[] sorted = selectionOrder.clone();
        Arrays.sort(sorted);
        return sorted;
    }

    public int size() {
        return selectionOrder.length;
    }

    /** @return the metric (range, normalisation, weights) the sample was drawn and is measured under */
    public PolylineMetric metric() {
        return metric;
    }

    /** @return the radius of the first pass (NaN for random sampling) */
    public double initialRadius() {
        return initialRadius;
    }

    /**
     * @return the radius of the last pass: no two selected polylines are closer than this (NaN for
     *         random sampling; 0 when the schedule had to give up the Poisson-disk property to reach the
     *         requested count)
     */
    public double finalRadius() {
        return finalRadius;
    }

    /** @return the number of dart-throwing passes, including restarts (0 for random sampling) */
    public int passes() {
        return passes;
    }

    /** @return how many polylines had a non-finite value in the range */
    public int nonFiniteCandidates() {
        return nonFiniteCandidates;
    }

    @Override
    public String toString() {
        return samplerId + ": " + selectionOrder.length + " selected, r0=" + initialRadius + ", r=" + finalRadius
                + ", passes=" + passes + ", nonFinite=" + nonFiniteCandidates;
    }
}
