package org.trainscope.spark;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.hadoop.fs.FileSystem;
import org.trainscope.algorithms.sampling.PolylineSource;

/**
 * The polylines of a whole tensor on a Hadoop file system, read one at a time with one positional
 * read per record: only for the driver's normalisation estimate ({@code PolylineMetric.estimate}),
 * which reads 1,024 polylines, so that the distributed job measures distances under exactly the
 * metric the single-machine sampler estimates on the same tensor.
 */
final class HadoopPolylineSource implements PolylineSource, AutoCloseable {
    private final TensorData tensor;
    private final TensorData.Chunk[] chunks;

    HadoopPolylineSource(FileSystem fs, TensorData tensor) throws IOException {
        this.tensor = tensor;
        this.chunks = new TensorData.Chunk[tensor.chunkCount()];
        try {
            for (int c = 0; c < chunks.length; c++) {
                chunks[c] = tensor.openChunk(fs, c);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public int polylineCount() {
        return tensor.neurons();
    }

    @Override
    public int length() {
        return tensor.records();
    }

    @Override
    public synchronized void read(int first, int count, float[] out) {
        int length = length();
        float[] one = new float[1];
        try {
            for (int i = 0; i < count; i++) {
                for (int r = 0; r < length; r++) {
                    TensorData.Chunk chunk = chunks[r / tensor.chunkRecords()];
                    chunk.readRow(r % tensor.chunkRecords(), first + i, 1, one, 0);
                    out[i * length + r] = one[0];
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (TensorData.Chunk c : chunks) {
            if (c != null) {
                try {
                    c.close();
                } catch (IOException e) {
                    // read-only: nothing to lose
                }
            }
        }
    }
}
