package org.trainscope.trace;

/**
 * Receives a tensor scan from {@link TraceReader#scanRecordTiles} as record-major tiles: a strip of
 * neurons over a group of records, as stored. Reductions per neuron (means, extremes, histograms)
 * need no neuron-major order, so they skip the transpose that {@link TraceReader#readPolylines} pays for.
 */
@FunctionalInterface
public interface RecordTileVisitor {
    /**
     * One tile: neuron {@code firstNeuron + k} at record {@code firstRecord + i} is
     * {@code values[i * stride + k]}, for {@code k < neuronCount} and {@code i < recordCount}.
     * The array is the scan's scratch space: valid only during the call, and not to be modified
     * beyond the tile's elements.
     */
    void visit(int firstNeuron, int neuronCount, int firstRecord, int recordCount, float[] values, int stride);
}
