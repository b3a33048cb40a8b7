package org.trainscope.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.NeuronLayout;

class NeuronLayoutTest {

    @Test
    void convolutionUnitsAreChannelYX() {
        NeuronLayout l = NeuronLayout.of(16, new int[] { 8, 24, 24 });
        assertTrue(l.hasProbeAxis());
        assertTrue(l.isSpatial());
        assertEquals(8 * 24 * 24, l.unitCount());
        int unit = 3 * 576 + 5 * 24 + 7;
        assertArrayEquals(new int[] { 3, 5, 7 }, l.coordinates(unit));
        assertEquals("channel 3 (y 5, x 7)", l.describeUnit(unit));
        assertEquals(3, l.channelOf(unit));
        int record = l.recordIndex(2, unit);
        assertEquals(unit, l.unitOf(record));
        assertEquals(2, l.probeOf(record));
    }

    @Test
    void withoutProbeAxisEveryValueIsAUnit() {
        NeuronLayout l = NeuronLayout.of(0, new int[] { 784, 256 });
        assertFalse(l.hasProbeAxis());
        assertEquals(784 * 256, l.unitCount());
        assertEquals(1000, l.recordIndex(5, 1000));
        assertEquals(-1, l.probeOf(1000));
        assertEquals("[3, 232]", l.describeUnit(3 * 256 + 232));
        assertEquals("unit 17", NeuronLayout.of(4, new int[] { 256 }).describeUnit(17));
    }
}
