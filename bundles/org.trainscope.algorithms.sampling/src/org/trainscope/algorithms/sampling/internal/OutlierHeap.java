package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * The K most outlying polylines seen so far, with their values: a binary heap whose root is the
 * least outlying one kept, so a polyline enters by replacing it. Ranking: a polyline with a
 * non-finite value before every finite one, and among those the earliest onset first; finite ones
 * by their score (distance to the bulk), largest first; ties by the lower polyline index, so the
 * outcome does not depend on the order polylines are offered in.
 */
public final class OutlierHeap {

    private final int capacity;
    private final CandidateRows rows;
    /** Heap position to entry (entry = row in {@link #rows}). */
    private final int[] heap;
    private final double[] score;
    private final int[] signature;
    private final int[] polyline;
    private int size;

    public OutlierHeap(int capacity, int rowLength) {
        this.capacity = capacity;
        this.rows = new CandidateRows(capacity, rowLength);
        this.heap = new int[capacity];
        this.score = new double[capacity];
        this.signature = new int[capacity];
        this.polyline = new int[capacity];
    }

    public int size() {
        return size;
    }

    /**
     * Keeps polyline {@code index} (values {@code values[offset ..]}) if it ranks among the K most
     * outlying so far.
     *
     * @param signature -1 for a finite polyline, else its non-finite signature (PolylineMetric#embed)
     */
    public void offer(int index, double outlierScore, int nonFiniteSignature, float[] values, int offset) {
        if (capacity == 0) {
            return;
        }
        int entry;
        if (size < capacity) {
            entry = size;
            heap[size] = entry;
            size++;
            write(entry, index, outlierScore, nonFiniteSignature, values, offset);
            siftUp(size - 1);
            return;
        }
        int root = heap[0];
        if (!ranksAbove(outlierScore, nonFiniteSignature, index, score[root], signature[root], polyline[root])) {
            return;
        }
        write(root, index, outlierScore, nonFiniteSignature, values, offset);
        siftDown(0);
    }

    private void write(int entry, int index, double outlierScore, int nonFiniteSignature, float[] values, int offset) {
        polyline[entry] = index;
        score[entry] = outlierScore;
        signature[entry] = nonFiniteSignature;
        rows.set(entry, values, offset);
    }

    /**
     * @return the score a finite polyline offered after all those offered so far must exceed to be
     *         kept: -Inf while the heap has room, +Inf once it holds only non-finite polylines (a
     *         polyline offered later has a higher index, so a tie does not enter either)
     */
    public double entryThreshold() {
        if (size < capacity) {
            return Double.NEGATIVE_INFINITY;
        }
        if (capacity == 0) {
            return Double.POSITIVE_INFINITY;
        }
        int root = heap[0];
        return signature[root] >= 0 ? Double.POSITIVE_INFINITY : score[root];
    }

    /** @return the polyline index of entry {@code entry} (0 .. size-1) */
    public int polyline(int entry) {
        return polyline[entry];
    }

    public int signature(int entry) {
        return signature[entry];
    }

    public double score(int entry) {
        return score[entry];
    }

    public CandidateRows rows() {
        return rows;
    }

    /** @return whether polyline a is more outlying than polyline b */
    static boolean ranksAbove(double scoreA, int signatureA, int indexA, double scoreB, int signatureB, int indexB) {
        boolean failsA = signatureA >= 0;
        boolean failsB = signatureB >= 0;
        if (failsA != failsB) {
            return failsA;
        }
        if (failsA) {
            int onsetA = PolylineMetric.onset(signatureA);
            int onsetB = PolylineMetric.onset(signatureB);
            if (onsetA != onsetB) {
                return onsetA < onsetB;
            }
        } else if (scoreA != scoreB) {
            return scoreA > scoreB;
        }
        return indexA < indexB;
    }

    private boolean above(int entryA, int entryB) {
        return ranksAbove(score[entryA], signature[entryA], polyline[entryA], score[entryB], signature[entryB],
                polyline[entryB]);
    }

    private void siftUp(int position) {
        int p = position;
        while (p > 0) {
            int parent = (p - 1) >>> 1;
            // the root is the lowest ranked: a child that ranks below its parent moves up
            if (!above(heap[parent], heap[p])) {
                return;
            }
            swap(p, parent);
            p = parent;
        }
    }

    private void siftDown(int position) {
        int p = position;
        while (true) {
            int left = 2 * p + 1;
            if (left >= size) {
                return;
            }
            int lowest = left;
            int right = left + 1;
            if (right < size && above(heap[left], heap[right])) {
                lowest = right;
            }
            if (!above(heap[p], heap[lowest])) {
                return;
            }
            swap(p, lowest);
            p = lowest;
        }
    }

    private void swap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
