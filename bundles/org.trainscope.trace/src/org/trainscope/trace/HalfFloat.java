package org.trainscope.trace;

/**
 * IEEE 754 binary16 conversion (Java 17 has none). Conversion to float is exact, including
 * subnormals, infinities and NaN payloads (shifted into the top mantissa bits), so
 * {@code fromFloat(toFloat(h)) == h} for every one of the 65536 bit patterns. Conversion from float
 * rounds to nearest, ties to even, overflows to infinity, and keeps a NaN a NaN.
 */
public final class HalfFloat {
    private static final float[] TO_FLOAT = new float[1 << 16];

    static {
        for (int h = 0; h < TO_FLOAT.length; h++) {
            TO_FLOAT[h] = convert((short) h);
        }
    }

    private HalfFloat() {
    }

    /** The float with exactly the value of the binary16 {@code bits} (a table lookup). */
    public static float toFloat(short bits) {
        return TO_FLOAT[bits & 0xffff];
    }

    private static float convert(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            if (mantissa == 0) {
                return Float.intBitsToFloat(sign);
            }
            // subnormal: shift until the implicit bit appears, one binary exponent per shift
            int e = -14;
            while ((mantissa & 0x400) == 0) {
                mantissa <<= 1;
                e--;
            }
            return Float.intBitsToFloat(sign | ((e + 127) << 23) | ((mantissa & 0x3ff) << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The binary16 nearest to {@code value} (ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) {
            if (mantissa == 0) {
                return (short) (sign | 0x7c00);
            }
            int payload = mantissa >>> 13;
            // a payload only in the low 13 bits would turn into infinity; set the quiet bit instead
            return (short) (sign | 0x7c00 | (payload == 0 ? 0x200 : payload));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to zero
            }
            int shift = 14 - e;
            int full = mantissa | 0x800000;
            return (short) (sign | roundShift(full, shift));
        }
        // the increment may carry into the exponent, which is exactly the right rounding (even to infinity)
        return (short) (sign | roundShift((e << 23) | mantissa, 13));
    }

    private static int roundShift(int value, int shift) {
        int result = value >>> shift;
        int remainder = value & ((1 << shift) - 1);
        int half = 1 << (shift - 1);
        if (remainder > half || (remainder == half && (result & 1) != 0)) {
            result++;
        }
        return result;
    }
}
