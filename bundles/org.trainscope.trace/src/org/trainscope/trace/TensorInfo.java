package org.trainscope.trace;

import java.util.List;

/**
 * A series tensor: one array of {@code shape} per record, stored as {@code dtype}, in chunk files of
 * {@code chunkRecords} records. The neuron index is the flat C-order index into {@code shape}.
 */
public record TensorInfo(String id, String node, TraceTensorKind kind, DType dtype, List<Integer> shape, int chunkRecords) {
    public TensorInfo {
        shape = List.copyOf(shape);
    }

    /** Values per record (the number of neurons). */
    public int neuronCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return (int) n;
    }

    /** Bytes of one record. */
    public long rowBytes() {
        return (long) neuronCount() * dtype.size();
    }

    /** The chunk size the specification recommends: the largest power of two with B * rowBytes <= 64 MiB, in [1, 4096]. */
    public static int recommendedChunkRecords(long rowBytes) {
        long b = Math.max(1, (64L << 20) / Math.max(1, rowBytes));
        return (int) Math.min(4096, Long.highestOneBit(b));
    }
}
