package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;
import org.trainscope.trace.TraceWriter;
import org.trainscope.trace.internal.NpyHeader;

/**
 * Live, closed or damaged (docs/trace-format.md §7 "Status"), the length a chunk must have (§5.2
 * over §6), what a bad chunk costs, and one warning per problem with paths relative to the trace.
 */
class TraceStatusTest {
    private static final int TENSORS = 8;
    private static final int CHUNK = 4;

    @TempDir
    Path tmp;

    @Test
    void aLiveChunkShorterThanItsCapacityHeaderIsFine() throws IOException {
        Path dir = TraceFixtures.writeUnclosed(tmp.resolve("t"), CHUNK, 6);
        Path chunk = dir.resolve("tensors").resolve(TraceFixtures.ACT).resolve("chunk-000001.npy");
        NpyHeader header;
        try (var channel = java.nio.channels.FileChannel.open(chunk)) {
            header = NpyHeader.read(channel, chunk);
        }
        assertEquals(CHUNK, header.shape()[0]); // the capacity header claims 4 records ...
        assertTrue(Files.size(chunk) < header.headerLength() + header.dataBytes()); // ... the file holds 2
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount());
            assertEquals(TraceStatus.LIVE, r.status());
            assertFalse(r.isComplete());
            assertEquals(List.of(), r.warnings());
            CrashRecoveryTest.assertAllRecordsIntact(r);
        }
    }

    @Test
    void closedThenDamagedThenClosedAgainWhenTheDataReturns() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, CHUNK, 10);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(TraceStatus.CLOSED, r.status());
            assertTrue(r.isComplete());
        }
        Path chunk = dir.resolve("tensors").resolve(TraceFixtures.GRAD).resolve("chunk-000001.npy"); // records 5..9
        Path aside = tmp.resolve("aside.npy");
        Files.move(chunk, aside); // e.g. a copy still in progress
        try (TraceReader r = TraceReader.open(dir)) {
            // a chunk that is missing or breaks §5.2 costs its records and every later one, in every series
            assertEquals(5, r.recordCount());
            assertEquals(TraceStatus.DAMAGED, r.status());
            assertFalse(r.isComplete());
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertEquals("tensors/fc1.grad/chunk-000001.npy is missing; dropped 5 record(s) from record 5 "
                    + "(iterations 55 to 95) of every tensor", r.warnings().get(0));
            Files.move(aside, chunk);
            assertTrue(r.refresh()); // missing data is checked again
            assertEquals(10, r.recordCount());
            assertEquals(TraceStatus.CLOSED, r.status());
            assertEquals(List.of(), r.warnings());
        }
    }

    @Test
    void aBrokenJournalLineDamagesTheTraceForGood() throws IOException {
        Path dir = TraceFixtures.writeUnclosed(tmp.resolve("t"), CHUNK, 6);
        List<String> lines = Files.readAllLines(dir.resolve("journal.jsonl"));
        lines.set(4, "{\"record\":4,\"iteration\":\"forty-five\"}");
        Files.write(dir.resolve("journal.jsonl"), lines);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(4, r.recordCount());
            assertEquals(TraceStatus.DAMAGED, r.status());
            // one warning: the rows of the dropped records are not reported file by file
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).startsWith("journal.jsonl: line 5: "), r.warnings().get(0));
        }
    }

    @Test
    void aBadLineAfterTheEndLineDropsNothing() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, CHUNK, 6);
        Files.writeString(dir.resolve("journal.jsonl"), "{\"record\":6}\n", java.nio.file.StandardOpenOption.APPEND);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount());
            assertEquals(TraceStatus.CLOSED, r.status());
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains("content after the end line"), r.warnings().get(0));
        }
    }

    /** Eight tensors of four values each, so that a problem shared by all of them shows up eight times if reported per file. */
    private static TraceManifest eightTensors() {
        TraceManifest base = TraceFixtures.manifest(DType.FLOAT32, CHUNK);
        List<TensorInfo> tensors = new ArrayList<>();
        for (int t = 0; t < TENSORS; t++) {
            tensors.add(new TensorInfo("t" + t, "fc1", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(4), CHUNK));
        }
        return new TraceManifest("eight", "mlp", Map.of(), base.graph(), tensors, List.of(new MetricInfo("loss", null)),
                null, List.of(), null);
    }

    private static void record(TraceWriter w, int r, boolean commit) throws IOException {
        w.beginRecord(r);
        for (int t = 0; t < TENSORS; t++) {
            w.putTensor("t" + t, new float[] {r, t, 0, 1});
        }
        w.putMetric("loss", r);
        if (commit) {
            w.commit();
        }
    }

    @Test
    void aWriterThatDiedMidRecordGivesOneWarningForItsEightFiles() throws IOException {
        Path dir = tmp.resolve("t");
        TraceWriter w = TraceWriter.create(dir, eightTensors());
        for (int r = 0; r < 6; r++) {
            record(w, r, true);
        }
        record(w, 6, false); // every row of record 6 written, then the process dies before its journal line
        w.abandon();
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount());
            assertEquals(TraceStatus.LIVE, r.status()); // indistinguishable from a writer about to commit
            assertEquals(List.of("tensors/t0/chunk-000001.npy, tensors/t1/chunk-000001.npy, tensors/t2/chunk-000001.npy "
                    + "and 5 more: bytes after the last committed record (record 6, which the writer is writing, or it died); "
                    + "ignored"), r.warnings());
        }
    }

    @Test
    void oneDroppedRangeIsOneWarning() throws IOException {
        Path dir = tmp.resolve("t");
        try (TraceWriter w = TraceWriter.create(dir, eightTensors())) {
            for (int r = 0; r < 10; r++) {
                record(w, r, true);
            }
        }
        for (int t = 0; t < TENSORS; t++) { // the last chunk of every tensor lost its last record
            Path last = dir.resolve("tensors").resolve("t" + t).resolve("chunk-000002.npy");
            CrashRecoveryTest.truncate(last, Files.size(last) - 16);
        }
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(9, r.recordCount());
            assertEquals(TraceStatus.DAMAGED, r.status());
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).startsWith("tensors/t0/chunk-000002.npy is truncated"), r.warnings().get(0));
            assertFalse(r.warnings().get(0).contains(dir.toString()));
        }
    }
}
