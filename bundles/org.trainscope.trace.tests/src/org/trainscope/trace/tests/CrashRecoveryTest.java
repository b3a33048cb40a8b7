package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainscope.trace.tests.TraceFixtures.ACT;
import static org.trainscope.trace.tests.TraceFixtures.GRAD;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceWriter;

/** A writer can die at any byte; the trace must open with the records committed before the damage. */
class CrashRecoveryTest {
    private static final int CHUNK = 4;
    private static final int RECORDS = 10;

    @TempDir
    Path tmp;

    @Test
    void truncatingTheLastChunkAtEveryOffsetKeepsTheRecordsBeforeIt() throws IOException {
        Path original = TraceFixtures.writeUnclosed(tmp.resolve("original"), CHUNK, RECORDS);
        Path lastChunk = Path.of("tensors", ACT, "chunk-000002.npy"); // records 8 and 9
        long size = Files.size(original.resolve(lastChunk));
        long rowBytes = 15 * 4;
        long header = size - 2 * rowBytes;
        for (long cut = 0; cut < size; cut += 7) {
            Path copy = copyTrace(original, tmp.resolve("cut" + cut));
            truncate(copy.resolve(lastChunk), cut);
            long fullRows = cut < header ? 0 : (cut - header) / rowBytes;
            int expected = (int) (8 + fullRows);
            try (TraceReader r = TraceReader.open(copy)) {
                assertEquals(expected, r.recordCount(), "cut at " + cut);
                assertFalse(r.isComplete());
                String warning = String.join("\n", r.warnings());
                assertTrue(warning.contains("chunk-000002.npy") && warning.contains("dropped " + (RECORDS - expected) + " record(s)"),
                        warning);
                assertTrue(warning.contains("iterations " + TraceFixtures.iterationOf(expected)), warning);
                assertAllRecordsIntact(r);
            }
        }
    }

    @Test
    void aMissingOrBrokenMiddleChunkCutsTheTraceThere() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, CHUNK, RECORDS);
        Files.write(dir.resolve("tensors").resolve(ACT).resolve("chunk-000001.npy"), "garbage".getBytes(StandardCharsets.US_ASCII));
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(4, r.recordCount());
            assertFalse(r.isComplete());
            assertTrue(r.warnings().get(0).contains("chunk-000001.npy"), r.warnings().toString());
            assertAllRecordsIntact(r);
        }
        Files.delete(dir.resolve("tensors").resolve(GRAD).resolve("chunk-000000.npy"));
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(0, r.recordCount());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains(GRAD) && w.contains("missing")), r.warnings().toString());
        }
    }

    @Test
    void aTornJournalLineIsIgnoredAtEveryCut() throws IOException {
        Path original = TraceFixtures.writeUnclosed(tmp.resolve("original"), CHUNK, RECORDS);
        byte[] journal = Files.readAllBytes(original.resolve("journal.jsonl"));
        int lastLineStart = lastIndexOf(journal, (byte) '\n', journal.length - 2) + 1;
        for (int cut = lastLineStart; cut < journal.length; cut++) {
            Path copy = copyTrace(original, tmp.resolve("j" + cut));
            truncate(copy.resolve("journal.jsonl"), cut);
            try (TraceReader r = TraceReader.open(copy)) {
                assertEquals(RECORDS - 1, r.recordCount(), "cut at " + cut);
                if (cut > lastLineStart) {
                    assertTrue(String.join("\n", r.warnings()).contains("journal.jsonl: the last line"), r.warnings().toString());
                }
                assertAllRecordsIntact(r);
            }
        }
    }

    @Test
    void aCorruptJournalLineDropsItAndEverythingAfter() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, CHUNK, RECORDS);
        List<String> lines = Files.readAllLines(dir.resolve("journal.jsonl"));
        lines.set(6, lines.get(6).replace("\"iteration\"", "\"iteration\":[],\"x\""));
        Files.write(dir.resolve("journal.jsonl"), lines);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount());
            assertFalse(r.isComplete());
            String warning = r.warnings().get(0);
            assertTrue(warning.contains("journal.jsonl") && warning.contains("line 7"), warning);
            assertAllRecordsIntact(r);
        }
        // a garbage tail (e.g. zeros after a crash of the file system) is treated the same way
        Files.write(dir.resolve("journal.jsonl"), new byte[] {0, 0, 0, '\n'}, StandardOpenOption.APPEND);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount());
        }
    }

    @Test
    void uncommittedRowsOfADeadWriterAreReportedButNotRead() throws IOException {
        Path dir = tmp.resolve("t");
        TraceWriter w = TraceWriter.create(dir, TraceFixtures.manifest(DType.FLOAT32, CHUNK));
        for (int rec = 0; rec < 5; rec++) {
            TraceFixtures.writeRecord(w, rec);
        }
        w.beginRecord(999);
        w.putTensor(ACT, new float[15]); // the process "dies" before commit
        w.abandon();
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(5, r.recordCount());
            assertTrue(r.warnings().stream().anyMatch(x -> x.contains("chunk-000001.npy") && x.contains("after the last committed record")),
                    r.warnings().toString());
            assertAllRecordsIntact(r);
        }
    }

    @Test
    void aJournalAheadOfItsDataIsCutToTheData() throws IOException {
        // e.g. a power loss that kept the journal but not the data (no syncOnCommit)
        Path dir = TraceFixtures.writeUnclosed(tmp.resolve("t"), CHUNK, RECORDS);
        Files.delete(dir.resolve("batches").resolve("chunk-000003.npy")); // record 9
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(9, r.recordCount());
            assertTrue(r.warnings().get(0).contains("batches"), r.warnings().toString());
        }
    }

    static void assertAllRecordsIntact(TraceReader r) throws IOException {
        float[] row = new float[15];
        for (int rec = 0; rec < r.recordCount(); rec++) {
            r.readRecord(ACT, rec, row);
            assertArrayEquals(TraceFixtures.row(rec, 15), row);
        }
        if (r.recordCount() > 0) {
            float[] polyline = new float[r.recordCount()];
            r.readPolyline(GRAD, 3, polyline);
            for (int rec = 0; rec < r.recordCount(); rec++) {
                assertEquals(TraceFixtures.value(rec, 3), polyline[rec]);
            }
        }
    }

    static Path copyTrace(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return to;
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(size);
        }
    }

    private static int lastIndexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
