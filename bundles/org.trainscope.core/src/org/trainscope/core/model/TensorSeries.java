package org.trainscope.core.model;

import java.io.IOException;

/**
 * One recorded tensor of one node over the recorded iterations: a matrix of
 * {@link #iterationCount()} records by {@link #neuronCount()} neurons, backed by disk in real
 * runs. Both reads that the views need are first-class: a <em>polyline</em> (one neuron over a
 * range of records) and a <em>snapshot</em> (all neurons of one record). Implementations never
 * load the whole history into the heap and are safe for concurrent readers.
 */
public interface TensorSeries {

    /** Unique id within the run (e.g. "conv1/activation"). */
    String id();

    /** The node of the network graph this tensor belongs to. */
    String nodeId();

    TensorKind kind();

    /** Shape of one record (e.g. [64, 16, 14, 14] for probe activations); neurons are its product. */
    int[] shape();

    /** Number of values in one record. */
    int neuronCount();

    /** Training iterations at which a record exists, ascending. Grows when a live run refreshes. */
    long[] iterations();

    default int iterationCount() {
        return iterations().length;
    }

    /**
     * Reads the values of neuron {@code neuron} for records {@code [fromRecord, toRecord)} into
     * {@code out[0 .. toRecord - fromRecord)}. NaN and infinities are returned as recorded.
     */
    void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException;

    /** Reads all {@link #neuronCount()} values of record {@code record} into {@code out}. */
    void readSnapshot(int record, float[] out) throws IOException;

    /**
     * Reads {@code count} consecutive neurons' polylines over {@code [fromRecord, toRecord)} into
     * {@code out}, neuron-major ({@code out[k * length + r]}). Implementations backed by disk
     * override this to read each record block once for many neurons.
     */
    default void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out)
            throws IOException {
        int length = toRecord - fromRecord;
        float[] one = new float[length];
        for (int k = 0; k < count; k++) {
            readPolyline(firstNeuron + k, fromRecord, toRecord, one);
            System.arraycopy(one, 0, out, k * length, length);
        }
    }
}
