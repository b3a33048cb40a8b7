package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.model.NeuronLayout;

class NeuronFeaturesTest {
    // 4 probe inputs x 3 units; labels 7, 2, 7, 2
    private final NeuronActivations activations = new NeuronActivations(new float[] {
            1, 10, 100, //
            2, 20, 200, //
            3, 30, 300, //
            4, 40, Float.NaN }, 4, 3, new int[] { 7, 2, 7, 2 });

    @Test
    void meanPerClassHasOneColumnPerClassAscending() {
        FloatMatrix m = NeuronFeatures.meanPerClass(activations);
        assertEquals(3, m.rows());
        assertEquals(2, m.cols());
        assertEquals(3f, m.get(0, 0)); // class 2: probes 1 and 3
        assertEquals(2f, m.get(0, 1)); // class 7: probes 0 and 2
        assertEquals(30f, m.get(1, 0));
        assertTrue(Float.isNaN(m.get(2, 0)), "a NaN activation is not averaged away");
        assertEquals(200f, m.get(2, 1));
    }

    @Test
    void fullActivationIsTheTransposedRecord() {
        FloatMatrix m = NeuronFeatures.fullActivation(activations);
        assertEquals(3, m.rows());
        assertEquals(4, m.cols());
        assertArrayEquals(new float[] { 10, 20, 30, 40 }, new float[] { m.get(1, 0), m.get(1, 1), m.get(1, 2), m.get(1, 3) });
    }

    @Test
    void channelsAverageTheirPositions() {
        // 2 probe inputs, 2 channels of 2 positions each
        NeuronActivations conv = new NeuronActivations(new float[] { 1, 3, 10, 30, 2, 4, Float.NaN, 0 }, 2, 4,
                new int[] { 0, 1 });
        NeuronActivations channels = conv.perChannel(2);
        assertEquals(2, channels.unitCount());
        assertEquals(2f, channels.value(0, 0));
        assertEquals(20f, channels.value(0, 1));
        assertEquals(3f, channels.value(1, 0));
        assertTrue(Float.isNaN(channels.value(1, 1)));
        assertThrows(IllegalArgumentException.class, () -> conv.perChannel(3));
    }

    @Test
    void aRecordWithAProbeAxisBecomesActivations() {
        float[] record = { 1, 2, 3, 4, 5, 6, 7, 8 };
        NeuronActivations a = NeuronActivations.of(NeuronLayout.of(2, new int[] { 1, 2, 2 }), record, new int[] { 3, 4 });
        assertEquals(4, a.unitCount());
        assertEquals(7f, a.value(1, 2));
        assertEquals(2f + 0.5f, a.perChannel(1).value(0, 0));
        assertThrows(IllegalArgumentException.class,
                () -> NeuronActivations.of(NeuronLayout.of(0, new int[] { 8 }), record, new int[0]));
    }

    @Test
    void meanPerClassNeedsLabels() {
        NeuronActivations unlabelled = new NeuronActivations(new float[] { 1, 2 }, 2, 1, new int[0]);
        assertThrows(IllegalArgumentException.class, () -> NeuronFeatures.meanPerClass(unlabelled));
        assertEquals(2, NeuronFeatures.fullActivation(unlabelled).cols());
    }
}
