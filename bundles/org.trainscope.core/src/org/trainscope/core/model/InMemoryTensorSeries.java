package org.trainscope.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link TensorSeries} held in the heap, for small tensors (loose arrays, imported model
 * weights, tests). Records can be appended; reads see the records present when they start.
 *
 * <p>Storage is amortised so that appending n records costs O(n) copies, not O(n^2): records are
 * packed into blocks of about {@link #BLOCK_VALUES} values (one record per block when a record is
 * larger), and the block being filled and the iteration array grow by doubling. Packing also keeps
 * the heap cost near four bytes a value when records are tiny (an npz entry of millions of
 * one-value records would otherwise pay an array header per record).
 */
public final class InMemoryTensorSeries implements TensorSeries {
    /** Values per storage block: 256 KiB of floats. */
    static final int BLOCK_VALUES = 1 << 16;
    private final String id;
    private final String nodeId;
    private final TensorKind kind;
    private final int[] shape;
    private final int neuronCount;
    private final int recordsPerBlock;
    private final List<float[]> blocks = new ArrayList<>();
    private long[] iterations = new long[0];
    private int size;
    private long storageCopies;

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
            n = Math.min(Integer.MAX_VALUE, n * d); // n and d below 2^31: the product cannot overflow a long
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a record of shape " + Arrays.toString(shape) + " is too large");
        }
        this.neuronCount = (int) n;
        this.recordsPerBlock = Math.max(1, BLOCK_VALUES / Math.max(1, neuronCount));
    }

    /** Appends the record of {@code iteration}, which must be later than the last one. */
    public synchronized InMemoryTensorSeries append(long iteration, float[] values) {
        appendRecord(iteration, values, false);
        return this;
    }

    /**
     * Like {@link #append}, but a large record (one per storage block) is kept as it is instead of
     * copied, so that a record of 64 Mi values costs 256 MiB once, not twice while it is appended.
     * The caller gives {@code values} up when this returns true and must not change it afterwards.
     *
     * @return true when {@code values} became the storage of the record
     */
    public synchronized boolean appendAdopting(long iteration, float[] values) {
        return appendRecord(iteration, values, true);
    }

    private boolean appendRecord(long iteration, float[] values, boolean mayAdopt) {
        if (values.length != neuronCount) {
            throw new IllegalArgumentException(
                    "record of " + values.length + " values for tensor " + id + " of " + neuronCount + " neurons");
        }
        if (size > 0 && iteration <= iterations[size - 1]) {
            throw new IllegalArgumentException("iteration " + iteration + " is not after "
                    + iterations[size - 1] + " in tensor " + id);
        }
        if (size == Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("tensor " + id + " already holds " + size + " records");
        }
        if (size == iterations.length) {
            iterations = Arrays.copyOf(iterations, Math.max(8, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size)));
            storageCopies++;
        }
        if (mayAdopt && recordsPerBlock == 1 && neuronCount > 0) {
            blocks.add(values);
            iterations[size++] = iteration;
            return true;
        }
        int inBlock = size % recordsPerBlock;
        if (inBlock == 0) {
            blocks.add(new float[Math.max(1, Math.min(recordsPerBlock, 8)) * neuronCount]);
        }
        float[] block = blocks.get(blocks.size() - 1);
        if ((inBlock + 1) * neuronCount > block.length) {
            int capacity = Math.min(recordsPerBlock, 2 * (block.length / Math.max(1, neuronCount)));
            block = Arrays.copyOf(block, capacity * neuronCount);
            blocks.set(blocks.size() - 1, block);
            storageCopies++;
        }
        System.arraycopy(values, 0, block, inBlock * neuronCount, neuronCount);
        iterations[size++] = iteration;
        return false;
    }

    /**
     * How many times storage was reallocated and copied so far: logarithmic in the number of
     * records, which is what keeps appending linear (tests count it instead of timing).
     */
    public synchronized long storageCopies() {
        return storageCopies;
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
        return Arrays.copyOf(iterations, size);
    }

    @Override
    public synchronized void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) {
        Objects.checkIndex(neuron, neuronCount);
        Objects.checkFromToIndex(fromRecord, toRecord, size);
        for (int r = fromRecord; r < toRecord; r++) {
            out[r - fromRecord] = blocks.get(r / recordsPerBlock)[(r % recordsPerBlock) * neuronCount + neuron];
        }
    }

    @Override
    public synchronized void readSnapshot(int record, float[] out) {
        Objects.checkIndex(record, size);
        System.arraycopy(blocks.get(record / recordsPerBlock), (record % recordsPerBlock) * neuronCount, out, 0, neuronCount);
    }
}
