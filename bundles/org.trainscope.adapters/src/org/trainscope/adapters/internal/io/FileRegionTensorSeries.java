package org.trainscope.adapters.internal.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/**
 * A tensor series whose records lie back to back in a region of a file (an npy array's data, an
 * ONNX initializer's raw bytes). Nothing is loaded up front: every read fetches exactly the bytes it
 * needs (narrow records in blocks of whole records, wide ones neuron span by neuron span), so a
 * large weight matrix costs no heap until it is looked at.
 */
public final class FileRegionTensorSeries implements TensorSeries {
    /** Most bytes fetched by one read when records are read whole. */
    static final int BLOCK_BYTES = 256 * 1024;
    private static final int PAGE_BYTES = 4096;
    private final String id;
    private final String nodeId;
    private final TensorKind kind;
    private final int[] shape;
    private final int neurons;
    private final long[] iterations;
    private final ReadOnlyFile file;
    private final long offset;
    private final ElementType type;
    private final ByteOrder order;

    /**
     * @param shape      shape of one record; the caller has checked that the region
     *                   {@code [offset, offset + iterations.length * rowBytes)} lies inside the file
     * @param iterations the iteration of each record, ascending
     */
    public FileRegionTensorSeries(String id, String nodeId, TensorKind kind, int[] shape, long[] iterations,
            ReadOnlyFile file, long offset, ElementType type, ByteOrder order) {
        this.id = id;
        this.nodeId = nodeId;
        this.kind = kind;
        this.shape = shape.clone();
        this.neurons = Math.toIntExact(Shapes.elementCount(shape));
        this.iterations = iterations.clone();
        this.file = file;
        this.offset = offset;
        this.type = type;
        this.order = order;
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
        return neurons;
    }

    @Override
    public long[] iterations() {
        return iterations.clone();
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        readPolylines(neuron, 1, fromRecord, toRecord, out);
    }

    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out)
            throws IOException {
        Objects.checkFromIndexSize(firstNeuron, count, neurons);
        Objects.checkFromToIndex(fromRecord, toRecord, iterations.length);
        int length = toRecord - fromRecord;
        int size = type.size();
        long rowBytes = (long) neurons * size;
        // Whole records are fetched when a record is at most a page (reading a page costs about what
        // reading four bytes does) or the wanted span is most of it; one read then fetches many
        // records (an npy of 2^23 one-value records took 2^23 positional reads per polyline before).
        boolean wholeRecords = rowBytes <= PAGE_BYTES || 2L * count * size >= rowBytes;
        if (wholeRecords && rowBytes <= BLOCK_BYTES && length > 1) {
            int perRead = (int) Math.min(length, BLOCK_BYTES / Math.max(1, rowBytes));
            ByteBuffer block = ByteBuffer.allocate((int) (perRead * rowBytes)).order(order);
            for (int r = fromRecord; r < toRecord; r += perRead) {
                int n = Math.min(perRead, toRecord - r);
                block.clear().limit((int) (n * rowBytes));
                file.readFully(block, position(r, 0));
                for (int i = 0; i < n; i++) {
                    int base = (int) (i * rowBytes) + firstNeuron * size;
                    for (int k = 0; k < count; k++) {
                        out[k * length + (r - fromRecord + i)] = type.decode(block, base + k * size);
                    }
                }
            }
            return;
        }
        // wide records: fetch only the wanted neurons of each record
        ByteBuffer block = ByteBuffer.allocate(count * size).order(order);
        for (int r = fromRecord; r < toRecord; r++) {
            block.clear();
            file.readFully(block, position(r, firstNeuron));
            for (int k = 0; k < count; k++) {
                out[k * length + (r - fromRecord)] = type.decode(block, k * type.size());
            }
        }
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        Objects.checkIndex(record, iterations.length);
        ByteBuffer row = ByteBuffer.allocate(neurons * type.size()).order(order);
        file.readFully(row, position(record, 0));
        for (int j = 0; j < neurons; j++) {
            out[j] = type.decode(row, j * type.size());
        }
    }

    private long position(int record, int neuron) {
        return offset + ((long) record * neurons + neuron) * type.size();
    }
}
