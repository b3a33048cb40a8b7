package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.internal.ChannelCache;
import org.trainscope.trace.internal.ChunkedSeries;

/**
 * Issue 16: a record-tile scan visits every chunk file of the tensor once per strip of neurons; with
 * 64 channels for 100 chunk files a least-recently-used cache reopened every file for every strip
 * (strace: ~7,800 opens per second). The cache grows to the chunk files of the tensors read, within a
 * share of the process's file limit, so each file is opened once.
 */
class ChannelCacheSizingTest {
    private static final int NEURONS = 3 * 8192 + 5; // four strips
    private static final int RECORDS = 100;

    @TempDir
    Path tmp;

    @Test
    void aScanOverMoreChunkFilesThanTheOldLimitOpensEachFileOnce() throws Exception {
        Path dir = SingleTensorTraces.write(tmp.resolve("t"), NEURONS, RECORDS, 1); // 100 chunk files
        for (boolean mmap : new boolean[] { false, true }) {
            String old = System.getProperty("org.trainscope.trace.mmap");
            System.setProperty("org.trainscope.trace.mmap", Boolean.toString(mmap));
            try (ChannelCache cache = new ChannelCache(64)) {
                ChunkedSeries series = series(dir, cache);
                assertTrue(cache.ceiling() >= RECORDS, "the process may hold 100 files open: " + cache.ceiling());
                long before = cache.opens();
                long[] values = new long[1];
                series.scanTiles(0, RECORDS, 0, NEURONS, (first, n, rec0, rows, tile, stride) -> {
                    for (int i = 0; i < rows; i++) {
                        assertEquals(SingleTensorTraces.value(rec0 + i, first + n - 1), tile[i * stride + n - 1]);
                    }
                    values[0] += (long) n * rows;
                });
                assertEquals((long) NEURONS * RECORDS, values[0]);
                long opened = cache.opens() - before;
                assertTrue(opened <= RECORDS, "each of the 100 chunk files opened at most once, not per strip (mmap " + mmap + "): " + opened);
                assertEquals(RECORDS, cache.capacity());
                // a second scan (a zoom) opens nothing
                long again = cache.opens();
                series.scanTiles(0, RECORDS, 0, NEURONS, (first, n, rec0, rows, tile, stride) -> {
                });
                float[] polylines = new float[100 * RECORDS];
                series.readColumns(0, RECORDS, 5000, 100, polylines);
                assertEquals(again, cache.opens(), "mmap " + mmap);
            } finally {
                restore(old);
            }
        }
    }

    @Test
    void theCacheGrowsToTheTensorsReadWithinItsCeilingAndEvictsAcrossTensors() throws Exception {
        Path one = SingleTensorTraces.write(tmp.resolve("one"), 100, 30, 1);
        Path two = SingleTensorTraces.write(tmp.resolve("two"), 100, 30, 1);
        try (ChannelCache cache = new ChannelCache(8, 40)) {
            ChunkedSeries a = series(one, cache);
            ChunkedSeries b = series(two, cache);
            float[] out = new float[10 * 30];
            a.readColumns(0, 30, 0, 10, out);
            assertEquals(30, cache.capacity(), "sized from the tensor read");
            assertEquals(SingleTensorTraces.value(29, 9), out[9 * 30 + 29]);
            b.readColumns(0, 30, 0, 10, out);
            assertEquals(40, cache.capacity(), "two tensors of 30 files: capped at the ceiling");
            // least recently used across tensors: b's files were used last and stay open, a's go first
            long before = cache.opens();
            b.readColumns(0, 30, 0, 10, out);
            assertEquals(before, cache.opens());
            a.readColumns(0, 30, 0, 10, out);
            assertTrue(cache.opens() > before, "a's files were evicted");
            assertEquals(SingleTensorTraces.value(17, 3), out[3 * 30 + 17]);
        }
    }

    private static ChunkedSeries series(Path dir, ChannelCache cache) {
        ChunkedSeries s = new ChunkedSeries("tensor a", dir.resolve("tensors").resolve(SingleTensorTraces.TENSOR), DType.FLOAT32,
                List.of(dir.getFileName().toString().equals("t") ? NEURONS : 100), 1, cache);
        List<String> warnings = new ArrayList<>();
        int records = (int) dir.resolve("tensors").resolve(SingleTensorTraces.TENSOR).toFile().list((d, n) -> n.endsWith(".npy")).length;
        assertEquals(records, s.checkAvailable(0, records, warnings, r -> r)); // validates the rows, as opening a reader does
        assertTrue(warnings.isEmpty(), warnings::toString);
        return s;
    }

    private static void restore(String old) {
        if (old == null) {
            System.clearProperty("org.trainscope.trace.mmap");
        } else {
            System.setProperty("org.trainscope.trace.mmap", old);
        }
    }
}
