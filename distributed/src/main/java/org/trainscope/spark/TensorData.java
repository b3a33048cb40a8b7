package org.trainscope.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.trainscope.trace.DType;
import org.trainscope.trace.HalfFloat;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.internal.NpyHeader;

/**
 * What a Spark task needs to read one series tensor of a trace on a Hadoop file system: the chunk
 * layout of docs/trace-format.md §5 and the number of committed records. Reads tiles (records of one
 * chunk x a range of neurons) with one positional read per record, after checking the chunk's header
 * with the trace store's own npy header check (§5.2).
 *
 * @param traceUri     the trace folder
 * @param id           the tensor id
 * @param records      committed records to read (the readable prefix)
 * @param recordShape  the manifest's record shape
 */
record TensorData(String traceUri, String id, String node, String kind, DType dtype, int[] recordShape, int neurons,
        int chunkRecords, int records) implements Serializable {
    private static final long serialVersionUID = 1L;

    long rowBytes() {
        return (long) neurons * dtype.size();
    }

    int chunkCount() {
        return (records + chunkRecords - 1) / chunkRecords;
    }

    /** Records of chunk {@code c} that are committed. */
    int recordsIn(int c) {
        return Math.min(chunkRecords, records - c * chunkRecords);
    }

    Path chunkPath(int c) {
        return new Path(new Path(new Path(traceUri, "tensors"), id), String.format("chunk-%06d.npy", c));
    }

    /** A chunk file open for reading, its header checked against the manifest and the journal. */
    final class Chunk implements AutoCloseable {
        final int index;
        private final HadoopReadChannel channel;
        private final long dataStart;

        Chunk(FileSystem fs, int index) throws IOException {
            this.index = index;
            Path file = chunkPath(index);
            java.nio.file.Path label = HadoopTraces.label(file);
            if (!fs.exists(file)) {
                throw new TraceFormatException(label, "missing: it holds committed records " + index * chunkRecords + " to "
                        + (index * chunkRecords + recordsIn(index) - 1));
            }
            this.channel = new HadoopReadChannel(fs, file);
            try {
                NpyHeader h = NpyHeader.read(channel, label);
                check(h, label);
                this.dataStart = h.headerLength();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        private void check(NpyHeader h, java.nio.file.Path label) throws IOException {
            int committed = recordsIn(index);
            if (h.dtype() != dtype) {
                throw new TraceFormatException(label, "dtype " + h.dtype().npyDescr() + ", the manifest says " + dtype.npyDescr());
            }
            long[] shape = h.shape();
            boolean shapeOk = shape.length == recordShape.length + 1 && shape[0] >= committed && shape[0] <= chunkRecords;
            for (int i = 0; shapeOk && i < recordShape.length; i++) {
                shapeOk = shape[i + 1] == recordShape[i];
            }
            if (!shapeOk) {
                throw new TraceFormatException(label, "shape " + Arrays.toString(shape) + " does not hold " + committed
                        + " records of shape " + Arrays.toString(recordShape));
            }
            long needed = h.headerLength() + committed * rowBytes();
            if (channel.size() < needed) {
                throw new TraceFormatException(label, "truncated: " + channel.size() + " bytes, its " + committed
                        + " committed records need " + needed);
            }
        }

        /**
         * Copies neurons {@code first .. first+count-1} of the chunk's committed records into
         * {@code out}, record-major: record {@code i} of the chunk at {@code out[i*count ...]}.
         */
        void readTile(int first, int count, float[] out, byte[] scratch) throws IOException {
            int size = dtype.size();
            int bytes = count * size;
            for (int i = 0; i < recordsIn(index); i++) {
                channel.readFully(dataStart + i * rowBytes() + (long) first * size, scratch, 0, bytes);
                ByteBuffer b = ByteBuffer.wrap(scratch, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
                int o = i * count;
                if (dtype == DType.FLOAT32) {
                    b.asFloatBuffer().get(out, o, count);
                } else {
                    for (int k = 0; k < count; k++) {
                        out[o + k] = HalfFloat.toFloat(b.getShort(2 * k));
                    }
                }
            }
        }

        /** Neurons {@code first .. first+count-1} of chunk record {@code i} into {@code out[offset ...]}. */
        void readRow(int i, int first, int count, float[] out, int offset) throws IOException {
            int size = dtype.size();
            byte[] scratch = new byte[count * size];
            channel.readFully(dataStart + i * rowBytes() + (long) first * size, scratch, 0, scratch.length);
            ByteBuffer b = ByteBuffer.wrap(scratch).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < count; k++) {
                out[offset + k] = dtype == DType.FLOAT32 ? b.getFloat(4 * k) : HalfFloat.toFloat(b.getShort(2 * k));
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    Chunk openChunk(FileSystem fs, int c) throws IOException {
        return new Chunk(fs, c);
    }

    /**
     * The file system of {@code uri}; for file: the raw local one, since trace files have no Hadoop
     * .crc side files and the checksumming wrapper makes every small positional read slow.
     */
    /** One Hadoop configuration per JVM (an executor's is its cluster's): loading one parses XML files. */
    private static final class Conf {
        static final Configuration HADOOP = new Configuration();
    }

    static FileSystem fileSystem(String uri) throws IOException {
        FileSystem fs = new Path(uri).getFileSystem(Conf.HADOOP);
        return fs instanceof org.apache.hadoop.fs.LocalFileSystem local ? local.getRawFileSystem() : fs;
    }
}
