package org.trainscope.algorithms.sampling.internal;

/**
 * The polylines selected so far: their features (copied from the candidate table), their exact
 * embeddings for the exact distance, and the grid that finds the ones near a candidate.
 */
final class SelectedSet {

    final int embeddingLength;
    final float[] features;
    final float[] featureNorm;
    final float[] level;
    final float[] trend;
    final float[] embeddings;
    /**
     * The embeddings on the grid of the candidates' 16-bit copies (widened to int: faster to compare),
     * and their reconstruction errors.
     */
    final int[] codes;
    private final short[] codeScratch;
    final float[] codeError;
    final int[] polyline;
    final SelectionGrid grid;
    /** Rounding allowance of a level or trend difference (both went through float). */
    final double coordinateMargin;
    int size;

    SelectedSet(int capacity, int embeddingLength, double coordinateMagnitude) {
        this.embeddingLength = embeddingLength;
        this.features = new float[capacity * CandidateTable.STRIDE];
        this.featureNorm = new float[capacity];
        this.level = new float[capacity];
        this.trend = new float[capacity];
        this.embeddings = new float[capacity * embeddingLength];
        this.codes = new int[capacity * embeddingLength];
        this.codeScratch = new short[embeddingLength];
        this.codeError = new float[capacity];
        this.polyline = new int[capacity];
        this.grid = new SelectionGrid(capacity);
        // float rounding of level/trend, so that a cell is never narrower than the radius
        this.coordinateMargin = 4e-7 * coordinateMagnitude + 1e-12;
    }

    /** Adds candidate {@code slot} whose embedding is at {@code v[vOffset ..]}. */
    void add(CandidateTable table, int slot, float[] v, int vOffset) {
        int e = size++;
        System.arraycopy(table.features, slot * CandidateTable.STRIDE, features, e * CandidateTable.STRIDE,
                CandidateTable.STRIDE);
        featureNorm[e] = table.featureNorm[slot];
        level[e] = table.level[slot];
        trend[e] = table.trend[slot];
        System.arraycopy(v, vOffset, embeddings, e * embeddingLength, embeddingLength);
        codeError[e] = table.quantised.encode(v, vOffset, codeScratch, 0);
        for (int i = 0; i < embeddingLength; i++) {
            codes[e * embeddingLength + i] = codeScratch[i];
        }
        polyline[e] = table.polylineOfSlot[slot];
        grid.insert(e, level[e], trend[e]);
    }

    /** Re-buckets the entries for a new radius. */
    void rebuildGrid(double radius) {
        grid.reset(radius * (1 + 1e-6) + coordinateMargin, Math.max(size, 16));
        for (int e = 0; e < size; e++) {
            grid.insert(e, level[e], trend[e]);
        }
    }

    void truncate(int newSize) {
        size = newSize;
    }
}
