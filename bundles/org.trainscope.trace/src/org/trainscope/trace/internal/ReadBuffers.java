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

    static ReadBuffers get() {
        return PER_THREAD.get();
    }

    /**
     * Converts {@code count} elements at the start of {@link #bytes} to floats in {@code out}.
     * Bulk views copy with one memory move; float16 goes through the lookup table.
     */
    void toFloats(boolean half, int count, float[] out, int offset) {
        if (half) {
            shorts.get(0, halves, 0, count);
            for (int i = 0; i < count; i++) {
                out[offset + i] = org.trainscope.trace.HalfFloat.toFloat(halves[i]);
            }
        } else {
            floats.get(0, out, offset, count);
        }
    }
}
