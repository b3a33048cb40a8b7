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

    /**
     * Reads the polylines of the neurons {@code neurons} (ascending) over {@code [fromRecord, toRecord)}
     * into {@code out}, neuron-major ({@code out[i * length + r]}): a sample's values. Disk-backed
     * series override this to read in the order the data lies on disk (record file by record file,
     * each file's neurons ascending), never polyline by polyline across all files.
     */
    default void readPolylines(int[] neurons, int fromRecord, int toRecord, float[] out) throws IOException {
        int length = toRecord - fromRecord;
        float[] one = new float[length];
        for (int i = 0; i < neurons.length; i++) {
            readPolyline(neurons[i], fromRecord, toRecord, one);
            System.arraycopy(one, 0, out, i * length, length);
        }
    }

    /**
     * Hands every value of records {@code [fromRecord, toRecord)} to {@code visitor} in record-major
     * tiles, strip of neurons by strip (ascending), each strip's records in ascending order: the
     * order a per-neuron reduction can run in one sequential pass over the stored data. Disk-backed
     * series override this to read the tiles as they lie on disk; this default reads blocks of
     * consecutive polylines and transposes them.
     */
    default void scanRecordTiles(int fromRecord, int toRecord, org.trainscope.trace.RecordTileVisitor visitor)
            throws IOException {
        int records = toRecord - fromRecord;
        int neurons = neuronCount();
        if (records <= 0 || neurons == 0) {
            return;
        }
        int strip = Math.max(1, Math.min(neurons, (1 << 20) / records));
        float[] polylines = new float[strip * records];
        float[] tile = new float[strip * records];
        for (int first = 0; first < neurons; first += strip) {
            int n = Math.min(strip, neurons - first);
            readPolylines(first, n, fromRecord, toRecord, polylines);
            for (int k = 0; k < n; k++) {
                for (int r = 0; r < records; r++) {
                    tile[r * n + k] = polylines[k * records + r];
                }
            }
            visitor.visit(first, n, fromRecord, records, tile, n);
        }
    }
}
