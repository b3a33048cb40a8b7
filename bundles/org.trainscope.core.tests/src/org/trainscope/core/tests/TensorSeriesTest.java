package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.TensorKind;

class TensorSeriesTest {

    private static InMemoryTensorSeries series() {
        InMemoryTensorSeries s = new InMemoryTensorSeries("fc1/activation", "fc1", TensorKind.ACTIVATION, 2, 3);
        for (int it = 0; it < 4; it++) {
            float[] v = new float[6];
            for (int n = 0; n < 6; n++) {
                v[n] = it * 10 + n;
            }
            if (it == 2) {
                v[4] = Float.NaN;
                v[5] = Float.POSITIVE_INFINITY;
            }
            s.append(it * 100L, v);
        }
        return s;
    }

    @Test
    void polylineIsOneNeuronOverRecords() throws IOException {
        float[] out = new float[3];
        series().readPolyline(1, 1, 4, out);
        assertArrayEquals(new float[] { 11, 21, 31 }, out);
    }

    @Test
    void snapshotIsAllNeuronsOfOneRecord() throws IOException {
        InMemoryTensorSeries s = series();
        assertEquals(6, s.neuronCount());
        assertArrayEquals(new long[] { 0, 100, 200, 300 }, s.iterations());
        float[] out = new float[6];
        s.readSnapshot(2, out);
        assertEquals(20f, out[0]);
        assertEquals(Float.NaN, out[4]);
        assertEquals(Float.POSITIVE_INFINITY, out[5]);
    }

    @Test
    void blockOfPolylinesMatchesSinglePolylines() throws IOException {
        InMemoryTensorSeries s = series();
        float[] block = new float[3 * 4];
        s.readPolylines(3, 3, 0, 4, block);
        float[] one = new float[4];
        for (int k = 0; k < 3; k++) {
            s.readPolyline(3 + k, 0, 4, one);
            for (int r = 0; r < 4; r++) {
                assertEquals(Float.floatToRawIntBits(one[r]), Float.floatToRawIntBits(block[k * 4 + r]));
            }
        }
    }

    @Test
    void recordsMustMatchShapeAndGoForward() {
        InMemoryTensorSeries s = series();
        assertThrows(IllegalArgumentException.class, () -> s.append(400, new float[5]));
        assertThrows(IllegalArgumentException.class, () -> s.append(300, new float[6]));
        assertThrows(IndexOutOfBoundsException.class, () -> s.readPolyline(6, 0, 1, new float[1]));
    }

    @Test
    void metricFindsFirstNonFiniteIteration() {
        MetricSeries loss = new MetricSeries("loss", new long[] { 1, 2, 3, 4 },
                new double[] { 2.3, 1.9, Double.POSITIVE_INFINITY, Double.NaN });
        assertEquals(3, loss.firstNonFiniteIteration());
        assertThrows(IllegalArgumentException.class, () -> new MetricSeries("x", new long[2], new double[3]));
    }
}
