package org.trainscope.algorithms.sampling;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The outcome of a sampler: which polylines were selected (in the order they were selected, and
 * sorted), the metric they were selected under, and the radii of the Poisson-disk schedule if the
 * sampler has one ({@link #hasRadius()}; random sampling has none, and a view should say so rather
 * than show a number).
 */
public final class SamplingResult {

    private final String samplerId;
    private final int[] selectionOrder;
    private final PolylineMetric metric;
    private final double initialRadius;
    private final double finalRadius;
    private final int passes;
    private final int nonFiniteCandidates;
    /** The selected polylines' values when the sampler held them (see {@link #selectedValues(int)}), else null. */
    private final float[] selectedValues;

    /**
     * A sample drawn with a Poisson-disk schedule.
     *
     * @param initialRadius the radius of the first pass
     * @param finalRadius   the radius of the last pass (0 when the schedule gave up the property)
     */
    public SamplingResult(String samplerId, int[] selectionOrder, PolylineMetric metric, double initialRadius,
            double finalRadius, int passes, int nonFiniteCandidates) {
        if (!(initialRadius >= 0) || !(finalRadius >= 0)) {
            throw new IllegalArgumentException("radii " + initialRadius + ", " + finalRadius
                    + ": use withoutRadius for a sampler without a radius");
        }
        this.samplerId = samplerId;
        this.selectionOrder = selectionOrder.clone();
        this.metric = metric;
        this.initialRadius = initialRadius;
        this.finalRadius = finalRadius;
        this.passes = passes;
        this.nonFiniteCandidates = nonFiniteCandidates;
        this.selectedValues = null;
    }

    private SamplingResult(SamplingResult result, float[] selectedValues) {
        this.samplerId = result.samplerId;
        this.selectionOrder = result.selectionOrder;
        this.metric = result.metric;
        this.initialRadius = result.initialRadius;
        this.finalRadius = result.finalRadius;
        this.passes = result.passes;
        this.nonFiniteCandidates = result.nonFiniteCandidates;
        this.selectedValues = selectedValues;
    }

    private SamplingResult(String samplerId, int[] selectionOrder, PolylineMetric metric) {
        this.samplerId = samplerId;
        this.selectionOrder = selectionOrder.clone();
        this.metric = metric;
        this.initialRadius = Double.NaN;
        this.finalRadius = Double.NaN;
        this.passes = 0;
        this.nonFiniteCandidates = 0;
        this.selectedValues = null;
    }

    /** A sample drawn without a radius (random sampling): {@link #hasRadius()} is false. */
    public static SamplingResult withoutRadius(String samplerId, int[] selectionOrder, PolylineMetric metric) {
        return new SamplingResult(samplerId, selectionOrder, metric);
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

    /**
     * @return whether the sampler has a Poisson-disk radius (blue noise has, random sampling has
     *         not); without one, {@link #radius()} is empty and the radii are NaN
     */
    public boolean hasRadius() {
        return !Double.isNaN(finalRadius);
    }

    /**
     * @return the final radius (see {@link #finalRadius()}), or empty for a sampler without one: a view
     *         shows "no radius (random sampling)" then, not a number
     */
    public OptionalDouble radius() {
        return hasRadius() ? OptionalDouble.of(finalRadius) : OptionalDouble.empty();
    }

    /** @return the radius of the first pass (NaN without a radius: check {@link #hasRadius()}) */
    public double initialRadius() {
        return initialRadius;
    }

    /**
     * @return the radius of the last pass: no two selected polylines are closer than this; 0 when
     *         the schedule had to give up the Poisson-disk property to reach the requested count; NaN
     *         without a radius (check {@link #hasRadius()}, or use {@link #radius()})
     */
    public double finalRadius() {
        return finalRadius;
    }

    /** @return the number of dart-throwing passes, including restarts (0 for random sampling) */
    public int passes() {
        return passes;
    }

    /**
     * @return how many polylines had a non-finite value in the range (0 for random sampling, which
     *         does not look)
     */
    public int nonFiniteCandidates() {
        return nonFiniteCandidates;
    }

    /**
     * The same sample with the selected polylines' values over all points of the source, for a
     * sampler that holds them anyway (blue noise above its candidate limit keeps every candidate's
     * values): a view then draws the sample without reading its polylines from the trace again, which
     * on a trace larger than memory means scattered reads from disk.
     *
     * @param values {@code size() * length} floats, polyline after polyline by ascending index
     *               ({@link #sortedIndices()}), as {@code TensorSeries.readPolylines(int[], ...)} gives them
     */
    public SamplingResult withSelectedValues(float[] values, int length) {
        if (values.length != (long) selectionOrder.length * length) {
            throw new IllegalArgumentException(values.length + " values for " + selectionOrder.length
                    + " polylines of " + length + " points");
        }
        return new SamplingResult(this, values);
    }

    /**
     * @return the selected polylines' values over {@code length} points (layout as in
     *         {@link #withSelectedValues(float[], int)}) when the sampler kept them for that length;
     *         the array itself, never to be written to
     */
    public Optional<float[]> selectedValues(int length) {
        return selectedValues != null && selectedValues.length == (long) selectionOrder.length * length
                ? Optional.of(selectedValues) : Optional.empty();
    }

    @Override
    public String toString() {
        return samplerId + ": " + selectionOrder.length + " selected"
                + (hasRadius() ? ", r0=" + initialRadius + ", r=" + finalRadius : ", no radius") + ", passes="
                + passes + ", nonFinite=" + nonFiniteCandidates;
    }
}
