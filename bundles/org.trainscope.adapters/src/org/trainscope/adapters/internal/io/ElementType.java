package org.trainscope.adapters.internal.io;

import java.nio.ByteBuffer;

import org.trainscope.trace.HalfFloat;

/**
 * Numeric element types found in foreign files, each decoded to float for a
 * {@link org.trainscope.core.model.TensorSeries}. Float32 keeps its bits (NaN payloads too); wider
 * or integer types are rounded to the nearest float, which keeps NaN and infinities.
 */
public enum ElementType {
    FLOAT16(2), FLOAT32(4), FLOAT64(8), INT8(1), UINT8(1), INT16(2), UINT16(2), INT32(4), UINT32(4),
    INT64(8), UINT64(8), BOOL(1);

    private final int size;

    ElementType(int size) {
        this.size = size;
    }

    /** Bytes per element. */
    public int size() {
        return size;
    }

    /** Decodes the element at absolute byte index {@code at} of {@code buffer} (whose byte order is set). */
    public float decode(ByteBuffer buffer, int at) {
        switch (this) {
            case FLOAT16: return HalfFloat.toFloat(buffer.getShort(at));
            case FLOAT32: return buffer.getFloat(at);
            case FLOAT64: return (float) buffer.getDouble(at);
            case INT8: return buffer.get(at);
            case UINT8: return buffer.get(at) & 0xff;
            case INT16: return buffer.getShort(at);
            case UINT16: return buffer.getShort(at) & 0xffff;
            case INT32: return buffer.getInt(at);
            case UINT32: return buffer.getInt(at) & 0xffffffffL;
            case INT64: return buffer.getLong(at);
            case UINT64: return unsignedToFloat(buffer.getLong(at));
            case BOOL: return buffer.get(at) != 0 ? 1f : 0f;
            default: throw new AssertionError(this);
        }
    }

    private static float unsignedToFloat(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0 + (v & 1));
    }
}
