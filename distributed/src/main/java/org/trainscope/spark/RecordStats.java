package org.trainscope.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Statistics of one record of one tensor over all its neurons, mergeable across the neuron ranges
 * that Spark tasks see: finite count, mean, min, max, NaN/+Inf/−Inf counts (exact), and percentiles
 * of the finite values from a bottom-k sample: every value gets a pseudo-random priority from its
 * (neuron, record) position and the {@code capacity} values of smallest priority are kept. The kept
 * set is the same whatever the partitioning, and it is a uniform sample of the record's finite
 * values; when a record has at most {@code capacity} finite values the percentiles are exact, else
 * their rank error is about 1/sqrt(capacity) (2 % at the default 2,048).
 */
final class RecordStats implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The statistics this class reports, in the order of {@link #values()}. */
    static final String[] NAMES = {"count", "mean", "min", "p5", "p25", "p50", "p75", "p95", "max", "nan", "posinf", "neginf"};
    static final double[] QUANTILES = {0.05, 0.25, 0.5, 0.75, 0.95};

    private final int capacity;
    long finite;
    double sum;
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    long nan;
    long posInf;
    long negInf;
    /** A max-heap on priority: the root is the largest kept priority, the first to go. */
    private long[] priorities;
    private float[] kept;
    private int size;

    RecordStats(int capacity) {
        this.capacity = capacity;
        this.priorities = new long[Math.min(capacity, 64)];
        this.kept = new float[priorities.length];
    }

    /** The priority of the value of {@code neuron} at {@code record}: a SplitMix64 finaliser of both. */
    static long priority(long neuron, int record) {
        long z = neuron * 0x9E3779B97F4A7C15L + record * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1; // non-negative
    }

    /** Adds the values of neurons {@code firstNeuron ..} at {@code record}: {@code values[offset .. offset+count)}. */
    void add(float[] values, int offset, int count, long firstNeuron, int record) {
        for (int i = 0; i < count; i++) {
            float v = values[offset + i];
            if (Float.isNaN(v)) {
                nan++;
            } else if (v == Float.POSITIVE_INFINITY) {
                posInf++;
            } else if (v == Float.NEGATIVE_INFINITY) {
                negInf++;
            } else {
                finite++;
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
                long p = priority(firstNeuron + i, record);
                if (size < capacity || p < priorities[0]) {
                    offer(p, v);
                }
            }
        }
    }

    private void offer(long p, float v) {
        if (size < capacity) {
            if (size == priorities.length) {
                int grown = Math.min(capacity, priorities.length * 2);
                priorities = Arrays.copyOf(priorities, grown);
                kept = Arrays.copyOf(kept, grown);
            }
            int i = size++;
            priorities[i] = p;
            kept[i] = v;
            siftUp(i);
        } else if (p < priorities[0]) {
            priorities[0] = p;
            kept[0] = v;
            siftDown(0);
        }
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (priorities[parent] >= priorities[i]) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            int largest = i;
            if (l < size && priorities[l] > priorities[largest]) {
                largest = l;
            }
            if (l + 1 < size && priorities[l + 1] > priorities[largest]) {
                largest = l + 1;
            }
            if (largest == i) {
                return;
            }
            swap(i, largest);
            i = largest;
        }
    }

    private void swap(int a, int b) {
        long p = priorities[a];
        priorities[a] = priorities[b];
        priorities[b] = p;
        float v = kept[a];
        kept[a] = kept[b];
        kept[b] = v;
    }

    /** This plus {@code other} (both partial statistics of the same record); returns this. */
    RecordStats merge(RecordStats other) {
        finite += other.finite;
        sum += other.sum;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        nan += other.nan;
        posInf += other.posInf;
        negInf += other.negInf;
        for (int i = 0; i < other.size; i++) {
            offer(other.priorities[i], other.kept[i]);
        }
        return this;
    }

    /**
     * The statistics named by {@link #NAMES}; mean, min, max and the percentiles are NaN when the
     * record has no finite value. Percentile q is the kept value of rank floor(q·(k−1)) among the k
     * kept values, sorted.
     */
    double[] values() {
        double[] out = new double[NAMES.length];
        out[0] = finite;
        boolean any = finite > 0;
        out[1] = any ? sum / finite : Double.NaN;
        out[2] = any ? min : Double.NaN;
        float[] sorted = Arrays.copyOf(kept, size);
        Arrays.sort(sorted);
        for (int q = 0; q < QUANTILES.length; q++) {
            out[3 + q] = any ? sorted[(int) Math.floor(QUANTILES[q] * (size - 1))] : Double.NaN;
        }
        out[8] = any ? max : Double.NaN;
        out[9] = nan;
        out[10] = posInf;
        out[11] = negInf;
        return out;
    }
}
