package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainscope.trace.tests.TraceFixtures.ACT;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceWriter;

/** A run can be watched while it trains. */
class LiveAppendTest {
    @TempDir
    Path tmp;

    @Test
    @SuppressWarnings("try") // the writer is closed early on purpose
    void refreshShowsNewlyCommittedRecords() throws Exception {
        Path dir = tmp.resolve("live");
        try (TraceWriter w = TraceWriter.create(dir, TraceFixtures.manifest(DType.FLOAT32, 3));
                TraceReader r = TraceReader.open(dir)) {
            assertEquals(0, r.recordCount());
            assertFalse(r.refresh());
            for (int rec = 0; rec < 7; rec++) {
                TraceFixtures.writeRecord(w, rec);
                assertTrue(r.refresh());
                assertEquals(rec + 1, r.recordCount());
                assertFalse(r.isComplete());
                CrashRecoveryTest.assertAllRecordsIntact(r);
                assertEquals(rec + 1, r.metric("loss").size());
            }
            // put but not committed: invisible
            w.beginRecord(1000);
            w.putTensor(ACT, new float[15]);
            assertFalse(r.refresh());
            assertEquals(7, r.recordCount());
            w.close();
            r.refresh();
            assertTrue(r.isComplete());
            assertEquals(7, r.recordCount());
            assertEquals(java.util.List.of(), r.warnings());
            CrashRecoveryTest.assertAllRecordsIntact(r);
        }
    }

    @Test
    void aReaderRefreshingWhileAWriterRunsAlwaysSeesConsistentRecords() throws Exception {
        Path dir = tmp.resolve("race");
        int total = 300;
        TraceWriter w = TraceWriter.create(dir, TraceFixtures.manifest(DType.FLOAT32, 5));
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (TraceReader r = TraceReader.open(dir)) {
            Future<?> writing = pool.submit(() -> {
                for (int rec = 0; rec < total; rec++) {
                    TraceFixtures.writeRecord(w, rec);
                }
                w.close();
                return null;
            });
            int seen = 0;
            while (!r.isComplete()) {
                r.refresh();
                int now = r.recordCount();
                assertTrue(now >= seen, "record count went back from " + seen + " to " + now);
                if (now > 0) {
                    float[] row = new float[15];
                    r.readRecord(ACT, now - 1, row);
                    assertEquals(TraceFixtures.value(now - 1, 14), row[14]);
                    float[] polyline = new float[now];
                    r.readPolyline(ACT, 2, polyline);
                    assertEquals(TraceFixtures.value(now - 1, 2), polyline[now - 1]);
                }
                seen = now;
            }
            writing.get(30, TimeUnit.SECONDS);
            assertEquals(total, r.recordCount());
            CrashRecoveryTest.assertAllRecordsIntact(r);
        } finally {
            pool.shutdownNow();
        }
    }
}
