package org.trainscope.algorithms.sampling.internal;

import org.trainscope.algorithms.sampling.PolylineMetric;

/**
 * The acceptable candidates that compete for the next selection, and the per-segment histogram of
 * the selected polylines' directions (8 bins, and one for segments touching a non-finite vertex)
 * that decides among them. A candidate's score is
 * sum_i H[i][bin_i(candidate)]: adding it raises sum_i sum_b H[i][b]^2 (the squared deviation of the
 * histogram from uniform, up to a constant) by 2*score + N_S, so the lowest score makes the
 * selected set most balanced in direction. Ties go to the earliest candidate.
 */
final class DirectionPool {

    private final int capacity;
    private final int segments;
    private final int embeddingLength;
    private final int[] histogram;
    private final int[] slots;
    private final float[] embeddings;
    private final byte[] bins;
    private final float[] chosenEmbedding;
    private int size;

    DirectionPool(int capacity, int segments, int embeddingLength) {
        this.capacity = capacity;
        this.segments = segments;
        this.embeddingLength = embeddingLength;
        this.histogram = new int[segments * PolylineMetric.SEGMENT_STATES];
        this.slots = new int[capacity];
        this.embeddings = new float[capacity * embeddingLength];
        this.bins = new byte[capacity * segments];
        this.chosenEmbedding = new float[embeddingLength];
    }

    int size() {
        return size;
    }

    boolean isFull() {
        return size == capacity;
    }

    void clear() {
        size = 0;
    }

    void clearHistogram() {
        java.util.Arrays.fill(histogram, 0);
    }

    void add(int slot, CandidateBuffers buffers, int local) {
        slots[size] = slot;
        System.arraycopy(buffers.embeddings, local * embeddingLength, embeddings, size * embeddingLength,
                embeddingLength);
        System.arraycopy(buffers.bins, local * segments, bins, size * segments, segments);
        size++;
    }

    /** @return the pool index of the candidate that keeps the directions most balanced */
    int best() {
        int best = 0;
        long bestScore = Long.MAX_VALUE;
        for (int p = 0; p < size; p++) {
            long score = 0;
            int offset = p * segments;
            for (int i = 0; i < segments; i++) {
                score += histogram[i * PolylineMetric.SEGMENT_STATES + bins[offset + i]];
            }
            if (score < bestScore) {
                bestScore = score;
                best = p;
            }
        }
        return best;
    }

    int slot(int p) {
        return slots[p];
    }

    float[] embeddings() {
        return embeddings;
    }

    int embeddingOffset(int p) {
        return p * embeddingLength;
    }

    /** Counts the directions of pool entry {@code p}, which has just been selected. */
    void countDirections(int p) {
        countDirections(bins, p * segments);
    }

    /** Counts the directions {@code directions[offset .. offset+N_S-1]} of a selected polyline. */
    void countDirections(byte[] directions, int offset) {
        for (int i = 0; i < segments; i++) {
            histogram[i * PolylineMetric.SEGMENT_STATES + directions[offset + i]]++;
        }
    }

    /**
     * Removes entry {@code chosen} (just selected) and every entry closer than {@code radius} to it,
     * keeping the others in their order.
     */
    void removeChosenAndConflicts(int chosen, double radius) {
        // compaction below may overwrite the chosen entry, so compare against a copy
        System.arraycopy(embeddings, chosen * embeddingLength, chosenEmbedding, 0, embeddingLength);
        int kept = 0;
        for (int p = 0; p < size; p++) {
            if (p == chosen) {
                continue;
            }
            double d = PolylineMetric.distanceUpTo(chosenEmbedding, 0, embeddings, p * embeddingLength,
                    embeddingLength, radius);
            if (d < radius) {
                continue;
            }
            if (kept != p) {
                slots[kept] = slots[p];
                System.arraycopy(embeddings, p * embeddingLength, embeddings, kept * embeddingLength, embeddingLength);
                System.arraycopy(bins, p * segments, bins, kept * segments, segments);
            }
            kept++;
        }
        size = kept;
    }
}
