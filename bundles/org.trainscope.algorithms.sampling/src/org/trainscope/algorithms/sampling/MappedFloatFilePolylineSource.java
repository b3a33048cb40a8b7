package org.trainscope.algorithms.sampling;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * A {@link PolylineSource} over a raw little-endian float32 file holding the polylines row-major,
 * memory-mapped so that nothing but the block being read is copied onto the heap. The file is
 * mapped in segments of whole rows because one mapping is limited to 2 GiB.
 * <p>
 * This is the stand-in for the trace store in benchmarks; the trace store binds its own source.
 */
public final class MappedFloatFilePolylineSource implements PolylineSource {

    private static final long MAX_SEGMENT_BYTES = 1L << 30;

    private final int count;
    private final int length;
    private final int rowsPerSegment;
    private final FloatBuffer[] segments;

    /** Maps {@code file}, which must hold at least {@code count*length} floats. */
    public MappedFloatFilePolylineSource(Path file, int count, int length) throws IOException {
        Objects.requireNonNull(file, "file");
        if (count < 0 || length < 1) {
            throw new IllegalArgumentException("count " + count + ", length " + length);
        }
        this.count = count;
        this.length = length;
        long rowBytes = 4L * length;
        this.rowsPerSegment = (int) Math.max(1, MAX_SEGMENT_BYTES / rowBytes);
        int segmentCount = (int) ((count + (long) rowsPerSegment - 1) / rowsPerSegment);
        this.segments = new FloatBuffer[segmentCount];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < rowBytes * count) {
                throw new IOException(file + " holds " + channel.size() + " bytes, need " + rowBytes * count);
            }
            for (int s = 0; s < segmentCount; s++) {
                long firstRow = (long) s * rowsPerSegment;
                long rows = Math.min(rowsPerSegment, count - firstRow);
                MappedByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, firstRow * rowBytes, rows * rowBytes);
                segments[s] = bytes.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            }
        }
    }

    @Override
    public int polylineCount() {
        return count;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public void read(int first, int n, float[] out) {
        Objects.checkFromIndexSize(first, n, count);
        int row = first;
        int written = 0;
        while (row < first + n) {
            int segment = row / rowsPerSegment;
            int rowInSegment = row - segment * rowsPerSegment;
            int rows = Math.min(first + n - row, rowsPerSegment - rowInSegment);
            // absolute bulk get: no buffer position is changed, so concurrent reads are safe
            segments[segment].get(rowInSegment * length, out, written, rows * length);
            written += rows * length;
            row += rows;
        }
    }
}
