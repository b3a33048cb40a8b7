package org.trainscope.algorithms.sampling.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Issue 16, the Spark job's summaries: passes over neuron ranges, turned into parts, serialized (as
 * Spark ships them) and merged in neuron order, flat or in a tree of stretches, give byte for byte the
 * cache entry that one pass over all neurons gives, with more polylines leaving the bulk range than the excursion cap keeps (so the
 * merge clamps those past the cap as the single pass does), NaN, infinities and zeros.
 */
class SummaryMergeTest {
    private static final int NEURONS = 100_000;
    private static final int RECORDS = 5;
    private static final SummaryBinning BINNING = new SummaryBinning(-1, 1, 0.01, -0.5, 0.5);

    /** Record-major values: smooth in the bulk; 9 in 10 polylines leave it once; some NaN, Inf, 0. */
    private static float[] data() {
        float[] v = new float[NEURONS * RECORDS];
        for (int k = 0; k < NEURONS; k++) {
            for (int r = 0; r < RECORDS; r++) {
                float value = (float) (0.9 * Math.sin(k * 0.001 + r * 0.3));
                if (k % 10 != 0 && r == k % RECORDS) {
                    value = (k % 3 == 0 ? -1 : 1) * (2 + k * 1e-3f);
                }
                if (k % 997 == 0 && r >= 2) {
                    value = Float.NaN;
                }
                if (k % 1999 == 0 && r == 3) {
                    value = Float.NEGATIVE_INFINITY;
                }
                if (k % 50 == 5) {
                    value = 0;
                }
                v[r * NEURONS + k] = value;
            }
        }
        return v;
    }

    /** A pass over neurons [first, first + count), fed in tiles of {@code tile} neurons. */
    private static TensorSummary pass(float[] data, int first, int count, int tile) {
        SummaryPass pass = new SummaryPass(NEURONS, RECORDS, BINNING, TensorSummaries.RESERVOIR_SEED);
        float[] values = new float[tile * RECORDS];
        for (int at = first; at < first + count; at += tile) {
            int n = Math.min(tile, first + count - at);
            for (int r = 0; r < RECORDS; r++) {
                System.arraycopy(data, r * NEURONS + at, values, r * n, n);
            }
            pass.visit(at, n, 0, RECORDS, values, n);
        }
        return pass.finish();
    }

    @Test
    void partsMergedInNeuronOrderGiveTheSinglePassEntry() throws Exception {
        float[] data = data();
        TensorSummary single = pass(data, 0, NEURONS, NEURONS);
        assertTrue(single.clampedCount() > 0, "more polylines leave the bulk range than the cap keeps");
        assertEquals(SummaryPass.EXCURSION_CAP, single.excursionCount());

        int[] bounds = { 0, 30_001, 51_000, 77_777, NEURONS };
        SummaryPart[] parts = new SummaryPart[bounds.length - 1];
        for (int p = 0; p < parts.length; p++) {
            int count = bounds[p + 1] - bounds[p];
            parts[p] = shipped(SummaryPart.of(pass(data, bounds[p], count, 1_000 + 333 * p), bounds[p], count));
        }
        SummaryMerge flat = new SummaryMerge();
        for (SummaryPart part : parts) {
            flat.add(part);
        }
        assertSameEntry(single, flat.finish());

        // a tree: stretches merged first (as the Spark job's rounds do), then the stretches
        SummaryMerge left = new SummaryMerge();
        left.add(parts[0]);
        left.add(parts[1]);
        SummaryMerge right = new SummaryMerge();
        right.add(parts[2]);
        right.add(parts[3]);
        SummaryMerge root = new SummaryMerge();
        root.add(shipped(left.part()));
        root.add(shipped(right.part()));
        assertSameEntry(single, root.finish());
        // the entry written from the whole as a part (without its dense histograms), as the Spark job writes it
        String key = SummaryCache.key("trace t\nmanifest 0", "fc1.act", NEURONS, RECORDS);
        Map<String, byte[]> expected = SummaryCache.entryFiles(key, single);
        Map<String, byte[]> fromPart = SummaryCache.entryFiles(key, shipped(root.part()));
        for (String file : expected.keySet()) {
            assertArrayEquals(expected.get(file), fromPart.get(file), file);
        }
        assertThrows(IllegalArgumentException.class, () -> SummaryCache.entryFiles(key, left.part()),
                "a stretch is no entry");
    }

    private static void assertSameEntry(TensorSummary expectedSummary, TensorSummary actualSummary) {
        String key = SummaryCache.key("trace t\nmanifest 0", "fc1.act", NEURONS, RECORDS);
        Map<String, byte[]> expected = SummaryCache.entryFiles(key, expectedSummary);
        Map<String, byte[]> actual = SummaryCache.entryFiles(key, actualSummary);
        assertEquals(expected.keySet(), actual.keySet());
        for (String file : expected.keySet()) {
            assertArrayEquals(expected.get(file), actual.get(file), file);
        }
    }

    /**
     * A pass whose strips fill many batches (each summarised on the pass' own thread while the next
     * is collected) gives the entry of one batch: the excursion cap is reached in a middle batch,
     * the reservoir and the kept polylines come in neuron order.
     */
    @Test
    void manyBatchesGiveTheOneBatchEntry() {
        float[] data = data();
        TensorSummary single = pass(data, 0, NEURONS, NEURONS);
        SummaryPass batched = new SummaryPass(NEURONS, RECORDS, BINNING, TensorSummaries.RESERVOIR_SEED, 4_096 * RECORDS);
        int tile = 1_500;
        float[] values = new float[tile * RECORDS];
        for (int at = 0; at < NEURONS; at += tile) {
            int n = Math.min(tile, NEURONS - at);
            for (int r = 0; r < RECORDS; r++) {
                System.arraycopy(data, r * NEURONS + at, values, r * n, n);
            }
            batched.visit(at, n, 0, RECORDS, values, n);
            java.util.Arrays.fill(values, Float.NaN); // the caller reuses its tile: the pass must have copied it
        }
        assertSameEntry(single, batched.finish());
    }

    @Test
    void partsOutOfOrderOrMissingAreRefused() {
        float[] data = data();
        SummaryPart a = SummaryPart.of(pass(data, 0, 40_000, 4096), 0, 40_000);
        SummaryPart b = SummaryPart.of(pass(data, 40_000, 60_000, 4096), 40_000, 60_000);
        SummaryMerge reversed = new SummaryMerge();
        reversed.add(b);
        assertThrows(IllegalArgumentException.class, () -> reversed.add(a));
        assertThrows(IllegalStateException.class, reversed::finish, "a stretch is not the tensor");
        SummaryMerge twice = new SummaryMerge();
        twice.add(a);
        assertThrows(IllegalArgumentException.class, () -> twice.add(a));
        SummaryMerge half = new SummaryMerge();
        half.add(a);
        assertThrows(IllegalStateException.class, half::finish);
        // a part claiming a range its pass did not stay in
        assertThrows(IllegalArgumentException.class, () -> SummaryPart.of(pass(data, 0, 40_000, 4096), 0, 10_000));
    }

    private static SummaryPart shipped(SummaryPart part) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(part);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SummaryPart) in.readObject();
        }
    }
}
