package org.trainscope.spark;

import java.io.IOException;
import java.util.stream.LongStream;

import org.apache.hadoop.fs.FileSystem;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/**
 * A series tensor on a Hadoop file system seen as a {@link TensorSeries}, for the driver's few reads
 * that the single-machine code makes through that interface (the summaries' binning reads 16 blocks
 * of consecutive polylines): blocks are read chunk by chunk, one positional read per record.
 * Records are numbered 0..records-1 (the iterations are not needed there).
 */
final class HadoopTensorSeries implements TensorSeries {
    private final TensorData data;

    HadoopTensorSeries(TensorData data) {
        this.data = data;
    }

    @Override
    public String id() {
        return data.id();
    }

    @Override
    public String nodeId() {
        return data.node();
    }

    @Override
    public TensorKind kind() {
        return TensorKind.valueOf(data.kind());
    }

    @Override
    public int[] shape() {
        return data.recordShape().clone();
    }

    @Override
    public int neuronCount() {
        return data.neurons();
    }

    @Override
    public long[] iterations() {
        return LongStream.range(0, data.records()).toArray();
    }

    @Override
    public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
        readPolylines(neuron, 1, fromRecord, toRecord, out);
    }

    @Override
    public void readPolylines(int firstNeuron, int count, int fromRecord, int toRecord, float[] out) throws IOException {
        int length = toRecord - fromRecord;
        float[] row = new float[count];
        FileSystem fs = TensorData.fileSystem(data.traceUri());
        for (int c = fromRecord / data.chunkRecords(); c * data.chunkRecords() < toRecord; c++) {
            try (TensorData.Chunk chunk = data.openChunk(fs, c)) {
                for (int i = 0; i < data.recordsIn(c); i++) {
                    int r = c * data.chunkRecords() + i;
                    if (r < fromRecord || r >= toRecord) {
                        continue;
                    }
                    chunk.readRow(i, firstNeuron, count, row, 0);
                    for (int k = 0; k < count; k++) {
                        out[k * length + r - fromRecord] = row[k];
                    }
                }
            }
        }
    }

    @Override
    public void readSnapshot(int record, float[] out) throws IOException {
        int c = record / data.chunkRecords();
        try (TensorData.Chunk chunk = data.openChunk(TensorData.fileSystem(data.traceUri()), c)) {
            chunk.readRow(record - c * data.chunkRecords(), 0, data.neurons(), out, 0);
        }
    }
}
