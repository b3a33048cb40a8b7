package org.trainscope.trace;

import java.util.List;

/**
 * How the inputs (and class labels) of each recorded iteration's training batch are stored (spec
 * §4.8): three series chunked like tensors, under {@code batchInputs/}: {@code inputs} (record
 * shape {@code [batchSize] + sampleShape}, {@code dtype}), {@code count} (int64 {@code [1]}, the
 * samples in the batch) and, when {@code labels}, {@code labels} (int64 {@code [batchSize]}, class
 * indices, -1 unknown).
 */
public record BatchInputsInfo(int batchSize, int chunkRecords, DType dtype, List<Integer> sampleShape, boolean labels) {
    public BatchInputsInfo {
        sampleShape = List.copyOf(sampleShape);
    }

    /** The declaration a writer uses: the recommended chunk size for the inputs' row. */
    public static BatchInputsInfo of(int batchSize, DType dtype, List<Integer> sampleShape, boolean labels) {
        long per = 1;
        for (int d : sampleShape) {
            per *= Math.max(1, d);
        }
        return new BatchInputsInfo(batchSize, TensorInfo.recommendedChunkRecords(batchSize * per * dtype.size()), dtype,
                sampleShape, labels);
    }

    /** The same declaration with another chunk size. */
    public BatchInputsInfo withChunkRecords(int records) {
        return new BatchInputsInfo(batchSize, records, dtype, sampleShape, labels);
    }

    /** Values of one sample. */
    public int valuesPerSample() {
        long n = 1;
        for (int d : sampleShape) {
            n *= d;
        }
        return (int) n;
    }

    /** The inputs' record shape: {@code [batchSize] + sampleShape}. */
    public List<Integer> recordShape() {
        List<Integer> shape = new java.util.ArrayList<>();
        shape.add(batchSize);
        shape.addAll(sampleShape);
        return shape;
    }

    /** Bytes one recorded iteration costs: inputs, labels and count. */
    public long bytesPerRecord() {
        return (long) batchSize * valuesPerSample() * dtype.size() + (labels ? 8L * batchSize : 0) + 8;
    }
}
