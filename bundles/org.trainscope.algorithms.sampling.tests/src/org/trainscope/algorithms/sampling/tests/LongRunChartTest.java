package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.RecordSubsetSeries;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.RecordTileVisitor;

/**
 * A run of 12,000 records: a summary of all of them would need 3 x 11,999 joint histograms of
 * 256 KiB (9.4 GB; 3,000 records ran the 4 GiB CLI out of memory). The chart of the whole run is
 * drawn from at most 200 records spread over it (every s-th and the last, where this run turns NaN);
 * a zoom into 150 records shows each of them, and with them a spike between the spread records.
 */
class LongRunChartTest {
    private static final int RECORDS = 12_000;
    private static final int NEURONS = 120;
    private static final int SPIKE_RECORD = 6_003;
    private static final float SPIKE = 50f;

    private static InMemoryTensorSeries longRun() {
        InMemoryTensorSeries s = new InMemoryTensorSeries("long.act", "long", TensorKind.ACTIVATION, NEURONS);
        float[] row = new float[NEURONS];
        for (int r = 0; r < RECORDS; r++) {
            for (int k = 0; k < NEURONS; k++) {
                row[k] = (float) Math.sin(k * 0.1 + r * 1e-3);
                if (k == 7 && r == SPIKE_RECORD) {
                    row[k] = SPIKE;
                }
                if (k < 5 && r == RECORDS - 1) {
                    row[k] = Float.NaN;
                }
            }
            s.append(10L * r, row);
        }
        return s;
    }

    @Test
    void theWholeRunFromSpreadRecordsAndAZoomFromEveryRecord() throws IOException {
        InMemoryTensorSeries run = longRun();
        DynamicsRequest whole = DynamicsRequest.of(null, run).withSampler(DynamicsRequest.BLUE_NOISE, 30, 1, java.util.Map.of());
        DynamicsChartModel chart = DynamicsChartProvider.compute(whole, null);
        assertTrue(chart.length() <= 200 && chart.length() >= 150, "points: " + chart.length());
        assertEquals(0, chart.recordAt(0));
        assertEquals(RECORDS - 1, chart.recordAt(chart.length() - 1), "the last record is drawn");
        assertEquals(10L * (RECORDS - 1), chart.iteration(chart.length() - 1));
        assertEquals(whole, chart.request(), "the view's own request: its range is the tensor's records");
        assertTrue(chart.nonFiniteMarks().stream().anyMatch(m -> m.point() == chart.length() - 1 && m.count() == 5),
                "the 5 polylines turning NaN at the end: " + chart.nonFiniteMarks());
        assertTrue(chart.scan().max() < SPIKE, "the spike lies between the spread records");

        DynamicsRequest zoom = whole.withRange(5_950, 6_100);
        DynamicsChartModel zoomed = DynamicsChartProvider.compute(zoom, null);
        assertEquals(150, zoomed.length(), "every record of a short range");
        assertEquals(5_950, zoomed.recordAt(0));
        assertEquals(6_003, zoomed.recordAt(53));
        assertEquals(SPIKE, zoomed.scan().max(), "the spike, seen when zoomed in");
        assertFalse(Arrays.stream(zoomed.iterations()).anyMatch(i -> i % 10 != 0));
    }

    @Test
    void spreadKeepsTheEndsAndAtMostSoMany() {
        assertArrayEquals(new int[] { 3, 4, 5 }, RecordSubsetSeries.spread(3, 6, 10));
        int[] s = RecordSubsetSeries.spread(0, 12_000, 200);
        assertTrue(s.length <= 200, "" + s.length);
        assertEquals(0, s[0]);
        assertEquals(11_999, s[s.length - 1]);
        for (int i = 1; i + 2 < s.length; i++) {
            assertEquals(s[1] - s[0], s[i + 1] - s[i], "evenly spread up to the last");
        }
        assertEquals(2, RecordSubsetSeries.spread(10, 1000, 2).length);
        assertThrows(IllegalArgumentException.class, () -> new RecordSubsetSeries(longRun(), new int[] { 4, 4 }));
    }

    @Test
    void theSubsetReadsAndScansExactlyTheChosenRecords() throws IOException {
        InMemoryTensorSeries run = longRun();
        int[] records = { 2, 5, 6, 400, SPIKE_RECORD, RECORDS - 1 };
        TensorSeries subset = new RecordSubsetSeries(run, records);
        assertEquals(records.length, subset.iterationCount());
        float[] one = new float[RECORDS];
        run.readPolyline(7, 0, RECORDS, one);
        float[] picked = new float[records.length];
        subset.readPolyline(7, 0, records.length, picked);
        for (int i = 0; i < records.length; i++) {
            assertEquals(one[records[i]], picked[i]);
        }
        float[] block = new float[3 * 4];
        subset.readPolylines(6, 3, 1, 5, block);
        assertEquals(SPIKE, block[1 * 4 + 3], "neuron 7 at subset record 4 = the spike");
        float[] byIndex = new float[2 * 2];
        subset.readPolylines(new int[] { 0, 7 }, 4, 6, byIndex);
        assertEquals(SPIKE, byIndex[2]);
        assertTrue(Float.isNaN(byIndex[1]), "neuron 0 at the last record");
        // a record-tile scan hands on the chosen rows only, in order, each strip's records together
        List<int[]> seen = new ArrayList<>();
        float[] spikeSeen = { 0 };
        subset.scanRecordTiles(1, 6, (RecordTileVisitor) (first, n, firstRecord, count, values, stride) -> {
            seen.add(new int[] { first, n, firstRecord, count });
            for (int i = 0; i < count; i++) {
                if (first <= 7 && 7 < first + n && firstRecord + i == 4) {
                    spikeSeen[0] = values[i * stride + 7 - first];
                }
            }
        });
        assertEquals(5, seen.stream().mapToInt(t -> t[3]).sum() / (int) seen.stream().map(t -> t[0]).distinct().count());
        assertEquals(SPIKE, spikeSeen[0]);
    }
}
