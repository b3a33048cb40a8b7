package org.trainscope.trace.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;

/**
 * Per-thread scratch space for positional reads: a direct buffer (so the JDK reads straight into it
 * with no hidden copy), typed views of it, and a float array for transposing. One per reading
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

    /** Transpose tile of polyline scans, allocated on first use (off the heap): with the output it
     * touches, it stays within a 1 MiB L2 cache, while each read is still about 8 KiB long. */
    static final int TILE_BYTES = 512 << 10;

    private ByteBuffer tile;
    private FloatBuffer tileFloats;
    private ShortBuffer tileShorts;
    private float[] tileValues;

    ByteBuffer tile() {
        if (tile == null) {
            tile = ByteBuffer.allocateDirect(TILE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            tileFloats = tile.asFloatBuffer();
            tileShorts = tile.asShortBuffer();
            tileValues = new float[TILE_BYTES / 4]; // the tile as floats, padding included
        }
        return tile;
    }

    float[] tileValues() {
        tile();
        return tileValues;
    }

    /** Converts {@code count} elements from element {@code from} of the tile buffer {@code raw}. */
    void toFloats(ByteBuffer raw, boolean half, int from, int count, float[] out, int offset) {
        if (half) {
            tileShorts.get(from, halves, 0, count);
            for (int i = 0; i < count; i++) {
                out[offset + i] = org.trainscope.trace.HalfFloat.toFloat(halves[i]);
            }
        } else {
            tileFloats.get(from, out, offset, count);
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
