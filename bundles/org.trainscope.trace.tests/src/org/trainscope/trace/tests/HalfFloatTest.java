package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.trace.HalfFloat;

class HalfFloatTest {
    @Test
    void everyBitPatternSurvivesTheRoundTripThroughFloat() {
        for (int bits = 0; bits < 1 << 16; bits++) {
            int h = bits;
            float f = HalfFloat.toFloat((short) h);
            assertEquals((short) h, HalfFloat.fromFloat(f), () -> "bits " + Integer.toHexString(h));
        }
    }

    @Test
    void knownValuesConvertExactly() {
        assertEquals(1.0f, HalfFloat.toFloat((short) 0x3c00));
        assertEquals(-2.0f, HalfFloat.toFloat((short) 0xc000));
        assertEquals(65504f, HalfFloat.toFloat((short) 0x7bff));
        assertEquals((float) Math.pow(2, -24), HalfFloat.toFloat((short) 0x0001));
        assertEquals(Float.POSITIVE_INFINITY, HalfFloat.toFloat((short) 0x7c00));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloat.toFloat((short) 0xfc00));
        assertEquals(0x8000, Float.floatToRawIntBits(HalfFloat.toFloat((short) 0x8000)) >>> 16);
    }

    @Test
    void roundsToNearestEvenAndOverflowsToInfinity() {
        assertEquals((short) 0x3c00, HalfFloat.fromFloat(1.0f + 0x1p-11f)); // tie -> even (down)
        assertEquals((short) 0x3c02, HalfFloat.fromFloat(1.0f + 3 * 0x1p-11f)); // tie -> even (up)
        assertEquals((short) 0x3c01, HalfFloat.fromFloat(1.0f + 0x1p-11f + 0x1p-20f));
        assertEquals((short) 0x7c00, HalfFloat.fromFloat(65520f));
        assertEquals((short) 0x7bff, HalfFloat.fromFloat(65519f));
        assertEquals((short) 0x0000, HalfFloat.fromFloat(0x1p-25f)); // tie between 0 and the smallest subnormal
        assertEquals((short) 0x0001, HalfFloat.fromFloat(0x1p-25f * 1.0001f));
        assertEquals((short) 0x0400, HalfFloat.fromFloat(0x1p-14f));
    }

    @Test
    void nanStaysNanAndKeepsItsPayload() {
        float quietWithPayload = Float.intBitsToFloat(0x7fc2_0000 | (0x15 << 13));
        short h = HalfFloat.fromFloat(quietWithPayload);
        assertEquals(0x7c00, h & 0x7c00);
        assertEquals((0x7fc2_0000 | (0x15 << 13)) >>> 13 & 0x3ff, h & 0x3ff);
        // a payload only in the low bits must not turn into infinity
        short low = HalfFloat.fromFloat(Float.intBitsToFloat(0x7f80_0001));
        assertTrue(Float.isNaN(HalfFloat.toFloat(low)));
    }
}
