package org.trainscope.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TensorSeries} held in the heap, for small tensors (loose arrays, imported model
 * weights, tests). Records can be appended; reads see the records present when they start.
 */
public final class InMemoryTensorSeries implements TensorSeries {
    private final String id;
    private final String nodeId;
    private final TensorKind kind;
    private final int[] shape;
    private final int neuronCount;
    private final List<float[]> records = new ArrayList<>();
    private long[] iterations = new long[0];

    public InMemoryTensorSeries(String id, String nodeId, TensorKind kind, int... shape) {
        this.id = Objects.requireNonNull(id);
        this.nodeId = Objects.requireNonNull(nodeId);
        this.kind = Objects.requireNonNull(kind);
        this.shape = shape.clone();
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a record of shape " + Arrays.toString(shape) + " is too large");
        }
        this.neuronCount = (int) n;
    }

    /** Appends the record of {@code iteration}, which must be later than the last one. */
    public synchronized InMemoryTensorSeries append(long iteration, float[] values) {
        if (values.length != neuronCount) {
            throw new IllegalArgumentException(
                    "record of " + values.length + " values for tensor " + id + " of " + neuronCount + " neurons");
        }
        if (iterations.length > 0 && iteration <= iterations[iterations.length - 1]) {
            throw new IllegalArgumentException("iteration " + iteration + " is not after "
                    + iterations[iterations.length - 1] + " in tensor " + id);
        }
        records.add(values.clone());
        long[] grown = Arrays.copyOf(iterations, iterations.length + 1);
        grown[iterations.length] = iteration;
        iterations = grown;
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public TensorKind kind() {
        return kind;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public int neuronCount() {
        return neuronCount;
    }

    @Override
    public synchronized long[] iterations() {
        return iterations.clone();
    }

    @Override
    public synchronized void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) {
        Objects.checkIndex(neuron, neuronCount);
        Objects.checkFromToIndex(fromRecord, toRecord, records.size());
        for (int r = fromRecord; r < toRecord; r++) {
            out[r - fromRecord] = records.get(r)[neuron];
        }
    }

    @Override
    public synchronized void readSnapshot(int record, float[] out) {
        System.arraycopy(records.get(Objects.checkIndex(record, records.size())), 0, out, 0, neuronCount);
    }
}
