package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.AveragedTensorSeries;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/** Units and channels averaged over probe inputs, checked against means worked out by hand. */
class AveragedTensorSeriesTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /**
     * Two probe inputs of three units, three records. Record r holds, per probe input p and unit u,
     * the values below (probe 0's block first).
     */
    private static InMemoryTensorSeries denseProbes() {
        InMemoryTensorSeries s = new InMemoryTensorSeries("fc/activation", "fc", TensorKind.ACTIVATION, 2, 3);
        s.append(10, new float[] { 1, 2, 3, /* probe 1 */ 3, 6, 9 });
        s.append(20, new float[] { 0, NAN, INF, /* probe 1 */ 4, 1, 5 });
        s.append(30, new float[] { -2, INF, INF, /* probe 1 */ 2, -INF, 1 });
        return s;
    }

    @Test
    void aUnitIsTheMeanOverTheProbeInputsAndNonFiniteValuesPropagate() throws IOException {
        AveragedTensorSeries units = AveragedTensorSeries.perUnit(denseProbes(), NeuronLayout.of(2, new int[] { 3 }));
        assertEquals(3, units.neuronCount());
        assertArrayEquals(new int[] { 3 }, units.shape());
        assertEquals(2, units.valuesPerPolyline());
        float[] out = new float[3];
        units.readPolyline(0, 0, 3, out);
        assertArrayEquals(new float[] { 2, 2, 0 }, out);
        // NaN in one probe input makes the mean NaN; +Inf and -Inf together make NaN
        units.readPolyline(1, 0, 3, out);
        assertArrayEquals(new float[] { 4, NAN, NAN }, out);
        // +Inf with finite values stays +Inf
        units.readPolyline(2, 0, 3, out);
        assertArrayEquals(new float[] { 6, INF, INF }, out);
    }

    @Test
    void aBlockOfUnitsOverPartOfTheRecordsMatchesSingleReads() throws IOException {
        AveragedTensorSeries units = AveragedTensorSeries.perUnit(denseProbes(), NeuronLayout.of(2, new int[] { 3 }));
        float[] block = new float[2 * 2];
        units.readPolylines(1, 2, 1, 3, block);
        assertArrayEquals(new float[] { NAN, NAN, INF, INF }, block);
        float[] snapshot = new float[3];
        units.readSnapshot(0, snapshot);
        assertArrayEquals(new float[] { 2, 4, 6 }, snapshot);
        units.readSnapshot(2, snapshot);
        assertArrayEquals(new float[] { 0, NAN, INF }, snapshot);
    }

    @Test
    void aChannelIsTheMeanOverProbeInputsAndPositions() throws IOException {
        // two probe inputs of 2 channels x 1 row x 2 columns: values p*100 + channel*10 + x, record r adds r
        InMemoryTensorSeries s = new InMemoryTensorSeries("conv/activation", "conv", TensorKind.ACTIVATION, 2, 2, 1,
                2);
        for (int r = 0; r < 2; r++) {
            float[] v = new float[8];
            for (int p = 0; p < 2; p++) {
                for (int c = 0; c < 2; c++) {
                    for (int x = 0; x < 2; x++) {
                        v[p * 4 + c * 2 + x] = p * 100 + c * 10 + x + r;
                    }
                }
            }
            s.append(r, v);
        }
        NeuronLayout layout = NeuronLayout.of(2, new int[] { 2, 1, 2 });
        AveragedTensorSeries channels = AveragedTensorSeries.perChannel(s, layout);
        assertEquals(2, channels.neuronCount());
        assertArrayEquals(new int[] { 2 }, channels.shape());
        float[] out = new float[4];
        channels.readPolylines(0, 2, 0, 2, out);
        // channel 0: mean of {0, 1, 100, 101} = 50.5; channel 1: mean of {10, 11, 110, 111} = 60.5
        assertArrayEquals(new float[] { 50.5f, 51.5f, 60.5f, 61.5f }, out);
        float[] snapshot = new float[2];
        channels.readSnapshot(1, snapshot);
        assertArrayEquals(new float[] { 51.5f, 61.5f }, snapshot);
    }

    @Test
    void channelsOfATensorWithoutProbeAxisAverageThePositionsOnly() throws IOException {
        InMemoryTensorSeries s = new InMemoryTensorSeries("conv/gradient", "conv", TensorKind.GRADIENT, 2, 2, 1);
        s.append(0, new float[] { 1, 3, -INF, 5 });
        s.append(1, new float[] { 2, 2, 7, 9 });
        AveragedTensorSeries channels = AveragedTensorSeries.perChannel(s, NeuronLayout.of(0, new int[] { 2, 2, 1 }));
        float[] out = new float[4];
        channels.readPolylines(0, 2, 0, 2, out);
        assertArrayEquals(new float[] { 2, 2, -INF, 8 }, out);
    }

    @Test
    void eachProbeInputIsReadAsOneContiguousBlock() throws IOException {
        List<int[]> reads = new ArrayList<>();
        TensorSeries counting = new Recording(denseProbes(), reads);
        AveragedTensorSeries.perUnit(counting, NeuronLayout.of(2, new int[] { 3 })).readPolylines(1, 2, 0, 3,
                new float[6]);
        assertEquals(2, reads.size());
        assertArrayEquals(new int[] { 1, 2 }, reads.get(0));
        assertArrayEquals(new int[] { 4, 2 }, reads.get(1));
    }

    @Test
    void largeChannelsAreReadInBoundedPiecesWithTheSameMeans() throws IOException {
        // 2 probe inputs x 2 channels x 384 x 384 over 8 records: a channel's 147,456 positions are
        // more than one bounded read (2^20 floats, 131,072 polylines of 8 records)
        int probes = 2;
        int channels = 2;
        int side = 384;
        int records = 8;
        int perChannel = side * side;
        InMemoryTensorSeries s = new InMemoryTensorSeries("big/activation", "big", TensorKind.ACTIVATION, probes,
                channels, side, side);
        double[][] expected = new double[channels][records];
        for (int r = 0; r < records; r++) {
            float[] v = new float[probes * channels * perChannel];
            for (int i = 0; i < v.length; i++) {
                int c = (i / perChannel) % channels;
                v[i] = (i % 7) * 0.5f + c - r;
                expected[c][r] += v[i];
            }
            s.append(r, v);
        }
        List<int[]> reads = new ArrayList<>();
        AveragedTensorSeries mean = AveragedTensorSeries.perChannel(new Recording(s, reads),
                NeuronLayout.of(probes, new int[] { channels, side, side }));
        float[] out = new float[channels * records];
        mean.readPolylines(0, channels, 0, records, out);
        for (int c = 0; c < channels; c++) {
            for (int r = 0; r < records; r++) {
                assertEquals((float) (expected[c][r] / (probes * perChannel)), out[c * records + r], 1e-5f);
            }
        }
        assertEquals(probes * 3, reads.size(), "294,912 polylines per probe input in pieces of 131,072");
        assertTrue(reads.stream().allMatch(read -> read[1] * records <= 1 << 20));
    }

    @Test
    void layoutsThatDoNotMatchTheTensorAreRefused() {
        InMemoryTensorSeries s = denseProbes();
        assertThrows(IllegalArgumentException.class,
                () -> AveragedTensorSeries.perUnit(s, NeuronLayout.of(0, new int[] { 6 })));
        assertThrows(IllegalArgumentException.class,
                () -> AveragedTensorSeries.perUnit(s, NeuronLayout.of(3, new int[] { 3 })));
        assertThrows(IllegalArgumentException.class,
                () -> AveragedTensorSeries.perChannel(s, NeuronLayout.of(2, new int[] { 3 })));
    }

    /** Remembers each block read ({first, count}) of a tensor. */
    private record Recording(TensorSeries inner, List<int[]> reads) implements TensorSeries {
        @Override
        public String id() {
            return inner.id();
        }

        @Override
        public String nodeId() {
            return inner.nodeId();
        }

        @Override
        public TensorKind kind() {
            return inner.kind();
        }

        @Override
        public int[] shape() {
            return inner.shape();
        }

        @Override
        public int neuronCount() {
            return inner.neuronCount();
        }

        @Override
        public long[] iterations() {
            return inner.iterations();
        }

        @Override
        public void readPolyline(int neuron, int fromRecord, int toRecord, float[] out) throws IOException {
            throw new AssertionError("polylines are read in blocks");
        }

        @Override
        public void readPolylines(int first, int count, int fromRecord, int toRecord, float[] out)
                throws IOException {
            reads.add(new int[] { first, count });
            inner.readPolylines(first, count, fromRecord, toRecord, out);
        }

        @Override
        public void readSnapshot(int record, float[] out) throws IOException {
            inner.readSnapshot(record, out);
        }
    }
}
