package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceWriter;

/**
 * Reads through memory mappings of chunk files: they give what positional reads give, follow a
 * chunk that grows, and a file truncated under a mapping gives an error, not a crashed JVM. Also
 * {@link TraceReader#scanRecordTiles}, with mappings and without.
 */
class MappedReadTest {
    private static final int NEURONS = 20_011; // more than one 8192-neuron strip; data spans many pages
    private static final int RECORDS = 37;
    private static final int CHUNK = 16;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource({"FLOAT32, true", "FLOAT32, false", "FLOAT16, true", "FLOAT16, false"})
    void recordTilesAndPolylinesMatchTheWrittenValues(DType dtype, boolean mmap) throws IOException {
        Path dir = tmp.resolve("t");
        try (TraceWriter w = TraceWriter.create(dir, manifest(dtype))) {
            for (int rec = 0; rec < RECORDS; rec++) {
                append(w, rec);
            }
        }
        try (TraceReader r = open(dir, mmap)) {
            checkTiles(r, 0, NEURONS, 0, RECORDS);
            checkTiles(r, 8000, 9000, 5, 30);
            float[] out = new float[3000 * 20];
            r.readPolylines("a", 10_000, 3000, 11, 20, out);
            for (int k = 0; k < 3000; k++) {
                for (int i = 0; i < 20; i++) {
                    assertEquals(value(11 + i, 10_000 + k), out[k * 20 + i]);
                }
            }
        }
    }

    @Test
    void aGrowingChunkIsMappedAgainAfterRefresh() throws IOException {
        Path dir = tmp.resolve("t");
        TraceWriter w = TraceWriter.create(dir, manifest(DType.FLOAT32));
        try {
            for (int rec = 0; rec < 3; rec++) {
                append(w, rec);
            }
            try (TraceReader r = TraceReader.open(dir)) {
                checkPolyline(r, 4321, 3);
                for (int rec = 3; rec < 21; rec++) { // fills chunk 0, starts chunk 1
                    append(w, rec);
                }
                checkPolyline(r, 4321, 3); // not refreshed: still the first three
                r.refresh();
                assertEquals(21, r.recordCount());
                checkPolyline(r, 4321, 21);
                checkTiles(r, 0, NEURONS, 0, 21);
            }
        } finally {
            w.abandon();
        }
    }

    @Test
    void aChunkTruncatedUnderItsMappingGivesAnError() throws IOException {
        Path dir = tmp.resolve("t");
        try (TraceWriter w = TraceWriter.create(dir, manifest(DType.FLOAT32))) {
            for (int rec = 0; rec < RECORDS; rec++) {
                append(w, rec);
            }
        }
        try (TraceReader r = TraceReader.open(dir)) {
            checkPolyline(r, 17, RECORDS); // maps every chunk
            CrashRecoveryTest.truncate(dir.resolve("tensors").resolve("a").resolve("chunk-000001.npy"), 0);
            float[] row = new float[NEURONS];
            assertThrows(IOException.class, () -> r.readRecord("a", 20, row));
            assertThrows(IOException.class, () -> r.readPolyline("a", 17, new float[RECORDS]));
            r.readRecord("a", 3, row); // other chunks still read
            assertEquals(value(3, 5), row[5]);
        }
    }

    private static TraceReader open(Path dir, boolean mmap) throws IOException {
        String key = "org.trainscope.trace.mmap";
        String old = System.getProperty(key);
        System.setProperty(key, Boolean.toString(mmap));
        try {
            return TraceReader.open(dir);
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }

    private static void checkPolyline(TraceReader r, int neuron, int records) throws IOException {
        float[] p = new float[records];
        assertEquals(records, r.readPolyline("a", neuron, p));
        for (int i = 0; i < records; i++) {
            assertEquals(value(i, neuron), p[i], "record " + i);
        }
    }

    private static void checkTiles(TraceReader r, int first, int count, int firstRecord, int records) throws IOException {
        int[] seen = new int[count];
        r.scanRecordTiles("a", first, count, firstRecord, records, (firstNeuron, n, rec0, rows, values, stride) -> {
            for (int i = 0; i < rows; i++) {
                for (int k = 0; k < n; k++) {
                    assertEquals(value(rec0 + i, firstNeuron + k), values[i * stride + k]);
                    seen[firstNeuron + k - first]++;
                }
            }
        });
        for (int k = 0; k < count; k++) {
            assertEquals(records, seen[k], "neuron " + (first + k));
        }
    }

    private static TraceManifest manifest(DType dtype) {
        return new TraceManifest("mapped", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("n", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(new TensorInfo("a", "n", TraceTensorKind.ACTIVATION, dtype, List.of(NEURONS), CHUNK)), List.of(), null, null, null);
    }

    /** Exactly representable in float16 (at most 11 significant bits) and distinct per record and neuron mod 256. */
    private static float value(int record, int neuron) {
        return record * 4 + (neuron % 256) * 0.25f;
    }

    private static void append(TraceWriter w, int rec) throws IOException {
        float[] row = new float[NEURONS];
        for (int j = 0; j < NEURONS; j++) {
            row[j] = value(rec, j);
        }
        w.beginRecord(rec);
        w.putTensor("a", row);
        w.commit();
    }
}
