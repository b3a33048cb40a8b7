package org.trainscope.algorithms.sampling.summary;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The share of neurons {@code [first, first + count)} in a {@link TensorSummary}, compact and
 * serializable: what one Spark partition hands to the driver, which adds the parts up in neuron
 * order ({@link SummaryMerge}) into the summary one pass over all neurons gives. Made from a
 * {@link SummaryPass} that visited only that range (it takes absolute neuron indices): its joint
 * histograms are kept as non-zero entries, its reservoir as the slots whose neurons lie in the range.
 */
public final class SummaryPart implements Serializable {
    private static final long serialVersionUID = 1L;

    final int neurons;
    final int records;
    final SummaryBinning binning;
    final int first;
    final int count;
    final float[] min;
    final float[] max;
    final long[] magnitudes;
    final long[] nonFinite;
    final long[] turnedNonFinite;
    final long[] band;
    /** Joint histogram h's non-zero entries are [offsets[h], offsets[h + 1]) of pairs and counts. */
    final int[] jointOffsets;
    final int[] jointPairs;
    final int[] jointCounts;
    final int[] excursionNeurons;
    final float[] excursionValues;
    final long clamped;
    final int[] reservoirNeurons;
    final float[] reservoirValues;

    private SummaryPart(TensorSummary s, int first, int count) {
        neurons = s.neurons;
        records = s.records;
        binning = s.binning;
        this.first = first;
        this.count = count;
        min = s.min;
        max = s.max;
        magnitudes = s.magnitudes;
        nonFinite = s.nonFinite;
        turnedNonFinite = s.turnedNonFinite;
        band = s.band;
        jointOffsets = new int[s.joint.length + 1];
        int[] pairs = new int[1024];
        int[] counts = new int[1024];
        int entries = 0;
        for (int h = 0; h < s.joint.length; h++) {
            int[] histogram = s.joint[h];
            for (int p = 0; p < histogram.length; p++) {
                if (histogram[p] != 0) {
                    if (entries == pairs.length) {
                        pairs = Arrays.copyOf(pairs, 2 * entries);
                        counts = Arrays.copyOf(counts, 2 * entries);
                    }
                    pairs[entries] = p;
                    counts[entries++] = histogram[p];
                }
            }
            jointOffsets[h + 1] = entries;
        }
        jointPairs = Arrays.copyOf(pairs, entries);
        jointCounts = Arrays.copyOf(counts, entries);
        excursionNeurons = s.excursionNeurons;
        excursionValues = s.excursionValues;
        clamped = s.clamped;
        int from = 0;
        while (from < s.reservoirNeurons.length && s.reservoirNeurons[from] < first) {
            from++;
        }
        int to = from;
        while (to < s.reservoirNeurons.length && s.reservoirNeurons[to] < first + count) {
            to++;
        }
        reservoirNeurons = Arrays.copyOfRange(s.reservoirNeurons, from, to);
        reservoirValues = Arrays.copyOfRange(s.reservoirValues, from * records, to * records);
    }

    /**
     * The part of {@code summary}, the result of a {@link SummaryPass} that visited exactly the
     * neurons {@code [first, first + count)} of its tensor.
     */
    public static SummaryPart of(TensorSummary summary, int first, int count) {
        if (first < 0 || count < 0 || (long) first + count > summary.neurons) {
            throw new IllegalArgumentException("neurons [" + first + ", " + ((long) first + count) + ") of "
                    + summary.neurons);
        }
        for (int n : summary.excursionNeurons) {
            if (n < first || n >= first + count) {
                throw new IllegalArgumentException("the summary holds neuron " + n + ", outside [" + first + ", "
                        + (first + count) + ")");
            }
        }
        return new SummaryPart(summary, first, count);
    }

    /** Neurons of the whole tensor. */
    public int tensorNeurons() {
        return neurons;
    }

    public int recordCount() {
        return records;
    }

    public int firstNeuron() {
        return first;
    }

    public int neuronCount() {
        return count;
    }
}
