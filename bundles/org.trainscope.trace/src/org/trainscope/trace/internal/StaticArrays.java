package org.trainscope.trace.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.HalfFloat;
import org.trainscope.trace.TraceFormatException;

/** Reads whole static arrays ({@code arrays/<id>.npy}, spec §4.5), checking them against the manifest before allocating. */
public final class StaticArrays {
    /** Largest array read whole: one heap buffer holds at most about 2^31 bytes. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private StaticArrays() {
    }

    public static Path file(Path directory, String id) {
        return directory.resolve("arrays").resolve(id + ".npy");
    }

    public static float[] readFloats(Path directory, ArrayInfo info) throws IOException {
        if (!info.dtype().isFloat()) {
            throw new IllegalArgumentException("array \"" + info.id() + "\" is " + info.dtype().jsonName() + "; use readArrayLongs");
        }
        Path file = file(directory, info.id());
        try (FileChannel channel = open(file)) {
            NpyHeader h = checkedHeader(channel, file, info);
            int n = (int) h.elementCount();
            float[] out = new float[n];
            ByteBuffer bytes = readData(channel, file, h);
            if (info.dtype() == DType.FLOAT16) {
                for (int i = 0; i < n; i++) {
                    out[i] = HalfFloat.toFloat(bytes.getShort(i * 2));
                }
            } else {
                bytes.asFloatBuffer().get(out);
            }
            return out;
        }
    }

    public static long[] readLongs(Path directory, ArrayInfo info) throws IOException {
        if (info.dtype() != DType.INT64) {
            throw new IllegalArgumentException("array \"" + info.id() + "\" is " + info.dtype().jsonName() + "; use readArrayFloats");
        }
        Path file = file(directory, info.id());
        try (FileChannel channel = open(file)) {
            NpyHeader h = checkedHeader(channel, file, info);
            long[] out = new long[(int) h.elementCount()];
            readData(channel, file, h).asLongBuffer().get(out);
            return out;
        }
    }

    private static FileChannel open(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new TraceFormatException(file, "missing (declared in the manifest's \"arrays\")");
        }
    }

    private static NpyHeader checkedHeader(FileChannel channel, Path file, ArrayInfo info) throws IOException {
        NpyHeader h = NpyHeader.read(channel, file);
        long[] declared = info.shape().stream().mapToLong(Integer::longValue).toArray();
        if (h.dtype() != info.dtype() || !Arrays.equals(h.shape(), declared)) {
            throw new TraceFormatException(file, "holds " + h.dtype().npyDescr() + " " + Arrays.toString(h.shape())
                    + " but the manifest declares " + info.dtype().npyDescr() + " " + Arrays.toString(declared));
        }
        long available = channel.size() - h.headerLength();
        if (available != h.dataBytes()) {
            throw new TraceFormatException(file, (available < h.dataBytes() ? "truncated: " : "too long: ")
                    + "the header declares " + h.dataBytes() + " data bytes, the file holds " + available);
        }
        if (h.dataBytes() > MAX_BYTES) {
            throw new TraceFormatException(file, h.dataBytes() + " bytes are too many to read whole");
        }
        return h;
    }

    private static ByteBuffer readData(FileChannel channel, Path file, NpyHeader h) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate((int) h.dataBytes()).order(ByteOrder.LITTLE_ENDIAN);
        ChunkedSeries.readExactly(channel, bytes, h.headerLength(), bytes.capacity(), file);
        return bytes.flip();
    }
}
