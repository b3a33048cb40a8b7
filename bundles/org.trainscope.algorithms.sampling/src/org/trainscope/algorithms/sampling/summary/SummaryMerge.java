package org.trainscope.algorithms.sampling.summary;

import java.util.Arrays;

/**
 * Adds up {@link SummaryPart}s of one tensor, given in neuron order and each starting where the last
 * one ended, into the {@link TensorSummary} that one {@link SummaryPass} over all their neurons gives
 * ({@link #finish} when they cover the tensor, {@link #part} for a stretch of it, so that parts can be
 * merged in a tree: merging stretches first gives the same result, since the cap keeps the first
 * excursions in neuron order of every stretch as of the whole): counts and
 * histograms are summed, envelopes are the min and max of the parts'; excursions are concatenated in
 * neuron order up to {@link SummaryPass#EXCURSION_CAP} and those beyond it counted clamped into the
 * bulk range's edge bins, as the single pass does with the polylines past its cap; the reservoir is
 * each part's own slots. Holds one summary's dense histograms, never a part's polylines beyond its
 * excursions.
 */
public final class SummaryMerge {
    private TensorSummary sum;
    private int start;
    private int next;
    private int excursions;
    private int[] excursionNeurons = new int[0];
    private float[] excursionValues = new float[0];
    private long clamped;
    private int reservoir;
    private int[] reservoirNeurons = new int[0];
    private float[] reservoirValues = new float[0];

    /**
     * Adds the next part: it must start where the previous one ended and summarise the same tensor
     * with the same binning.
     */
    public void add(SummaryPart part) {
        if (sum == null) {
            start(part);
        }
        if (part.first != next || part.neurons != sum.neurons || part.records != sum.records
                || !sameBinning(part.binning, sum.binning)) {
            throw new IllegalArgumentException("part of neurons [" + part.first + ", " + (part.first + part.count)
                    + ") of " + part.neurons + " x " + part.records + " does not follow [" + start + ", " + next + ") of "
                    + sum.neurons + " x " + sum.records + " with the same binning");
        }
        next += part.count;
        int r = sum.records;
        for (int i = 0; i < r; i++) {
            if (!Float.isNaN(part.min[i])) {
                sum.min[i] = Float.isNaN(sum.min[i]) ? part.min[i] : Math.min(sum.min[i], part.min[i]);
                sum.max[i] = Float.isNaN(sum.max[i]) ? part.max[i] : Math.max(sum.max[i], part.max[i]);
            }
        }
        add(part.magnitudes, sum.magnitudes);
        add(part.nonFinite, sum.nonFinite);
        add(part.turnedNonFinite, sum.turnedNonFinite);
        add(part.band, sum.band);
        for (int h = 0; h < sum.joint.length; h++) {
            int[] counts = sum.joint[h];
            for (int e = part.jointOffsets[h]; e < part.jointOffsets[h + 1]; e++) {
                counts[part.jointPairs[e]] += part.jointCounts[e];
            }
        }
        clamped += part.clamped;
        for (int e = 0; e < part.excursionNeurons.length; e++) {
            keepOrClamp(part.excursionNeurons[e], part.excursionValues, e * r);
        }
        reservoirNeurons = grow(reservoirNeurons, reservoir + part.reservoirNeurons.length);
        reservoirValues = grow(reservoirValues, (reservoir + part.reservoirNeurons.length) * r);
        System.arraycopy(part.reservoirNeurons, 0, reservoirNeurons, reservoir, part.reservoirNeurons.length);
        System.arraycopy(part.reservoirValues, 0, reservoirValues, reservoir * r, part.reservoirValues.length);
        reservoir += part.reservoirNeurons.length;
    }

    /** The summary of all neurons; every neuron must have been added. */
    public TensorSummary finish() {
        if (sum == null || start != 0 || next != sum.neurons) {
            throw new IllegalStateException("the parts cover neurons [" + start + ", " + next + ") of "
                    + (sum == null ? "a tensor not started" : String.valueOf(sum.neurons)));
        }
        return merged();
    }

    /** The part of the neurons added so far: to be merged with its neighbours' in a next round. */
    public SummaryPart part() {
        if (sum == null) {
            throw new IllegalStateException("no part was added");
        }
        return SummaryPart.of(merged(), start, next - start);
    }

    private TensorSummary merged() {
        int r = sum.records;
        return new TensorSummary(sum.neurons, r, sum.binning, sum.min, sum.max, sum.magnitudes, sum.nonFinite,
                sum.turnedNonFinite, sum.band, sum.joint, Arrays.copyOf(excursionNeurons, excursions),
                Arrays.copyOf(excursionValues, excursions * r), clamped, Arrays.copyOf(reservoirNeurons, reservoir),
                Arrays.copyOf(reservoirValues, reservoir * r));
    }

    private void start(SummaryPart part) {
        // an empty pass of the tensor: zero counts, NaN envelopes, the histograms' shapes
        sum = new SummaryPass(part.neurons, part.records, part.binning, 0).finish();
        start = part.first;
        next = part.first;
    }

    /** As the single pass: kept exactly below the cap, else counted in the joint histograms clamped. */
    private void keepOrClamp(int neuron, float[] values, int offset) {
        int r = sum.records;
        if (excursions < SummaryPass.EXCURSION_CAP) {
            excursionNeurons = grow(excursionNeurons, excursions + 1);
            excursionValues = grow(excursionValues, (excursions + 1) * r);
            excursionNeurons[excursions] = neuron;
            System.arraycopy(values, offset, excursionValues, excursions * r, r);
            excursions++;
            return;
        }
        clamped++;
        int segments = r - 1;
        for (int i = 0; i < segments; i++) {
            float a = values[offset + i];
            float b = values[offset + i + 1];
            if (Float.isFinite(a) && Float.isFinite(b)) {
                SummaryPass.countSegment(sum.joint, segments, i, sum.binning.clampedCode(a),
                        sum.binning.clampedCode(b));
            }
        }
    }

    private static boolean sameBinning(SummaryBinning a, SummaryBinning b) {
        return a.low == b.low && a.high == b.high && a.zone == b.zone && a.coreLow == b.coreLow
                && a.coreHigh == b.coreHigh;
    }

    private static void add(long[] from, long[] into) {
        for (int i = 0; i < into.length; i++) {
            into[i] += from[i];
        }
    }

    private static int[] grow(int[] a, int size) {
        return a.length >= size ? a : Arrays.copyOf(a, Math.max(size, 2 * a.length));
    }

    private static float[] grow(float[] a, int size) {
        return a.length >= size ? a : Arrays.copyOf(a, Math.max(size, 2 * a.length));
    }
}
