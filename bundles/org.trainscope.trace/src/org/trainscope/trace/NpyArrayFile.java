package org.trainscope.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.trainscope.trace.internal.NpyHeader;

/**
 * Writes one standalone {@code .npy} array (numpy's format 1.0, little-endian, C order) with the
 * header the trace writes its arrays with ({@link NpyHeader}), so there is one npy writer in the
 * product. For results a user takes to numpy, such as {@code trainscope-cli credit --relevance-out}.
 */
public final class NpyArrayFile {
    private NpyArrayFile() {
    }

    /**
     * Writes {@code values} as a float32 array of {@code shape} to {@code file}: beside it first,
     * then moved in place, so a failure never leaves half a file.
     *
     * @throws IllegalArgumentException when {@code values} do not fill {@code shape}
     */
    public static void writeFloat32(Path file, int[] shape, float[] values) throws IOException {
        byte[] content = float32(shape, values);
        OutputFiles.write(file, partial -> Files.write(partial, content));
    }

    /** As {@link #writeFloat32}, for int64 values (counts that float32 would round). */
    public static void writeInt64(Path file, int[] shape, long[] values) throws IOException {
        byte[] content = int64(shape, values);
        OutputFiles.write(file, partial -> Files.write(partial, content));
    }

    /**
     * The bytes of the npy file {@link #writeFloat32} writes, for a writer on another file system
     * (the Spark job writes summaries through Hadoop's).
     *
     * @throws IllegalArgumentException when {@code values} do not fill {@code shape}
     */
    public static byte[] float32(int[] shape, float[] values) {
        byte[] header = NpyHeader.encode(DType.FLOAT32, dims(shape, values.length), 0);
        ByteBuffer content = ByteBuffer.allocate(Math.addExact(header.length, Math.multiplyExact(values.length, 4)))
                .order(ByteOrder.LITTLE_ENDIAN);
        content.put(header);
        content.asFloatBuffer().put(values);
        return content.array();
    }

    /** The bytes of the npy file {@link #writeInt64} writes. */
    public static byte[] int64(int[] shape, long[] values) {
        byte[] header = NpyHeader.encode(DType.INT64, dims(shape, values.length), 0);
        ByteBuffer content = ByteBuffer.allocate(Math.addExact(header.length, Math.multiplyExact(values.length, 8)))
                .order(ByteOrder.LITTLE_ENDIAN);
        content.put(header);
        content.asLongBuffer().put(values);
        return content.array();
    }

    /**
     * Reads a float32 array written by {@link #writeFloat32} (any shape, flattened).
     *
     * @throws TraceFormatException when the file is not a float32 npy array of its declared size
     */
    public static float[] readFloat32(Path file) throws IOException {
        ByteBuffer data = readData(file, DType.FLOAT32);
        float[] out = new float[data.remaining() / 4];
        data.asFloatBuffer().get(out);
        return out;
    }

    /** Reads an int64 array written by {@link #writeInt64} (any shape, flattened). */
    public static long[] readInt64(Path file) throws IOException {
        ByteBuffer data = readData(file, DType.INT64);
        long[] out = new long[data.remaining() / 8];
        data.asLongBuffer().get(out);
        return out;
    }

    private static ByteBuffer readData(Path file, DType dtype) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            NpyHeader header = NpyHeader.read(channel, file);
            if (header.dtype() != dtype) {
                throw new TraceFormatException(file, "holds " + header.dtype() + ", expected " + dtype);
            }
            long bytes = header.dataBytes();
            if (bytes > Integer.MAX_VALUE - 16 || channel.size() != header.headerLength() + bytes) {
                throw new TraceFormatException(file, "holds " + (channel.size() - header.headerLength())
                        + " data bytes, its header declares " + bytes);
            }
            ByteBuffer data = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            channel.position(header.headerLength());
            while (data.hasRemaining() && channel.read(data) >= 0) {
                // read to the end
            }
            if (data.hasRemaining()) {
                throw new TraceFormatException(file, "truncated");
            }
            return data.flip();
        }
    }

    private static long[] dims(int[] shape, int length) {
        long count = 1;
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            dims[i] = shape[i];
            count *= shape[i];
        }
        if (count != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count + " values, got "
                    + length);
        }
        return dims;
    }
}
