package org.trainscope.trace.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Per-thread scratch space: a direct buffer for positional reads (so the JDK reads straight into it
 * with no hidden copy), typed views of it, float16 staging, and a float tile for scans. One per reading
 * thread keeps readers lock-free and the heap flat.
 */
final class ReadBuffers {
    static final int BYTES = 256 << 10;

    private static final ThreadLocal<ReadBuffers> PER_THREAD = ThreadLocal.withInitial(ReadBuffers::new);

    final ByteBuffer bytes = ByteBuffer.allocateDirect(BYTES).order(ByteOrder.LITTLE_ENDIAN);
    final FloatBuffer floats = bytes.asFloatBuffer();
    final ShortBuffer shorts = bytes.asShortBuffer();
    final LongBuffer longs = bytes.asLongBuffer();
    final float[] values = new float[BYTES / 2];
    final short[] halves = new short[BYTES / 2];

    /** Tile of polyline scans and record-tile scans (floats, padding included): with the output it
     * touches, it stays within a 1 MiB L2 cache. Allocated on first use. */
    static final int TILE_BYTES = 512 << 10;

    private float[] tile;

    float[] tileValues() {
        if (tile == null) {
            tile = new float[TILE_BYTES / 4];
        }
        return tile;
    }

    /** Converts {@code count} float16 values from element {@code from} of {@code src} (a mapping), in pieces of {@link #halves}. */
    void halvesToFloats(ShortBuffer src, int from, int count, float[] out, int offset) {
        for (int done = 0; done < count; done += halves.length) {
            int n = Math.min(halves.length, count - done);
            src.get(from + done, halves, 0, n);
            for (int i = 0; i < n; i++) {
                out[offset + done + i] = org.trainscope.trace.HalfFloat.toFloat(halves[i]);
            }
        }
    }

    static ReadBuffers get() {
        return PER_THREAD.get();
    }

    /**
     * Converts {@code count} elements at the start of {@link #bytes} to floats in {@code out}.
     * Bulk views copy with one memory move; float16 goes through the lookup table.
     */
    void toFloats(boolean half, int count, float[] out, int offset) {
        toFloats(half, 0, count, out, offset);
    }

    /** Like {@link #toFloats(boolean, int, float[], int)}, from element {@code from} of the buffer. */
    void toFloats(boolean half, int from, int count, float[] out, int offset) {
        if (half) {
            shorts.get(from, halves, 0, count);
            for (int i = 0; i < count; i++) {
                out[offset + i] = org.trainscope.trace.HalfFloat.toFloat(halves[i]);
            }
        } else {
            floats.get(from, out, offset, count);
        }
    }
}
