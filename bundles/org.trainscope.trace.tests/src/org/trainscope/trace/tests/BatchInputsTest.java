package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.BatchInputsInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;
import org.trainscope.trace.TraceWriter;

/** The training batch's inputs (trace format §4.8): written, read back, damaged, and ignored by what does not know them. */
class BatchInputsTest {
    /** Batches of up to 4 samples of shape [1, 2, 3]. */
    private static final BatchInputsInfo INFO = new BatchInputsInfo(4, 2, DType.FLOAT32, List.of(1, 2, 3), true);

    @TempDir
    Path tmp;

    private static TraceManifest manifest(BatchInputsInfo info) {
        return TraceFixtures.manifest(DType.FLOAT32, 3).withBatchInputs(info);
    }

    /** Sample s of record r: value r * 100 + s * 10 + k; sample 1 of record 2 holds NaN and Inf (data). */
    private static float[] inputs(int record, int count) {
        float[] x = new float[count * 6];
        for (int i = 0; i < x.length; i++) {
            x[i] = record * 100 + (i / 6) * 10 + i % 6;
        }
        if (record == 2 && count > 1) {
            x[6] = Float.NaN;
            x[7] = Float.POSITIVE_INFINITY;
        }
        return x;
    }

    private static int countOf(int record) {
        return record == 3 ? 2 : record == 4 ? 0 : 4; // a short batch, and an empty one
    }

    private Path write(int records) throws IOException {
        Path dir = tmp.resolve("t");
        try (TraceWriter w = TraceWriter.create(dir, manifest(INFO))) {
            w.writeArray("probe.inputs", new float[] { 1, 2, 3, 4, 5, 6 });
            w.writeArray("probe.labels", new long[] { 0, 1, 0 });
            for (int r = 0; r < records; r++) {
                w.beginRecord(TraceFixtures.iterationOf(r));
                w.putTensor(TraceFixtures.ACT, TraceFixtures.row(r, 15));
                w.putTensor(TraceFixtures.GRAD, TraceFixtures.row(r, 7));
                w.putBatch(new long[] { r });
                int count = countOf(r);
                w.putBatchInputs(count, inputs(r, count), r == 1 ? null : new long[] { 7, 8, 9, 3 });
                w.commit();
            }
        }
        return dir;
    }

    @Test
    void inputsCountsAndLabelsReadBackAsWrittenWithNaNAndInfAsData() throws IOException {
        Path dir = write(5);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(INFO, r.manifest().batchInputs());
            assertEquals(List.of(), r.warnings());
            float[] x = new float[4 * 6];
            long[] labels = new long[4];
            for (int rec = 0; rec < 5; rec++) {
                Arrays.fill(labels, -5);
                int count = r.readBatchInputs(rec, x, labels);
                assertEquals(countOf(rec), count);
                float[] expected = inputs(rec, count);
                assertArrayEquals(expected, Arrays.copyOf(x, count * 6), "record " + rec);
                long[] want = rec == 1 ? new long[] { -1, -1, -1, -1 } : new long[] { 7, 8, 9, 3 };
                assertArrayEquals(Arrays.copyOf(want, count), Arrays.copyOf(labels, count), "labels of record " + rec);
            }
            r.readBatchInputs(2, x, null);
            assertTrue(Float.isNaN(x[6]) && x[7] == Float.POSITIVE_INFINITY, "NaN and Inf kept");
        }
        // the files are what the format says: numpy reads inputs as [records, 4, 1, 2, 3]
        String header = new String(Files.readAllBytes(dir.resolve("batchInputs/inputs/chunk-000002.npy")), 0, 120,
                StandardCharsets.ISO_8859_1);
        assertTrue(header.contains("'shape': (1, 4, 1, 2, 3)"), header);
    }

    @Test
    void everyRecordNeedsItsBatchInputsAndTheyMustFit() throws IOException {
        try (TraceWriter w = TraceWriter.create(tmp.resolve("t"), manifest(INFO))) {
            w.beginRecord(0);
            w.putTensor(TraceFixtures.ACT, TraceFixtures.row(0, 15));
            w.putTensor(TraceFixtures.GRAD, TraceFixtures.row(0, 7));
            w.putBatch(new long[] { 0 });
            IllegalStateException missing = assertThrows(IllegalStateException.class, w::commit);
            assertTrue(missing.getMessage().contains("batch inputs"), missing.getMessage());
            assertThrows(IllegalArgumentException.class, () -> w.putBatchInputs(5, new float[30], null));
            assertThrows(IllegalArgumentException.class, () -> w.putBatchInputs(2, new float[11], null));
            w.putBatchInputs(2, new float[12], null);
            assertThrows(IllegalStateException.class, () -> w.putBatchInputs(2, new float[12], null));
            w.commit();
        }
        IllegalArgumentException notDeclared = assertThrows(IllegalArgumentException.class,
                () -> TraceWriter.create(tmp.resolve("u"), manifest(new BatchInputsInfo(4, 2, DType.INT64, List.of(3), false))));
        assertTrue(notDeclared.getMessage().contains("batchInputs"), notDeclared.getMessage());
    }

    @Test
    void aMissingChunkOfTheBatchInputsDropsItsRecordsLikeATensorChunk() throws IOException {
        Path dir = write(5);
        Files.delete(dir.resolve("batchInputs/inputs/chunk-000001.npy")); // records 2 and 3
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(2, r.recordCount());
            assertEquals(TraceStatus.DAMAGED, r.status());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("batchInputs")), r.warnings().toString());
        }
    }

    @Test
    void aManifestWithoutBatchInputsAndOneWithABadDeclaration() throws IOException {
        Path dir = write(2);
        Path manifest = dir.resolve("manifest.json");
        String json = Files.readString(manifest);
        // a reader that does not know the member opens the trace as before: here, the member removed
        String without = json.replaceAll("(?s),\\s*\"batchInputs\"\\s*:\\s*\\{[^}]*\\}", "");
        Files.writeString(manifest, without);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(null, r.manifest().batchInputs());
            assertEquals(2, r.recordCount());
            assertThrows(IllegalStateException.class, () -> r.readBatchInputs(0, new float[24], null));
        }
        Files.writeString(manifest, json.replaceFirst("\"sampleShape\"\\s*:\\s*\\[\\s*1", "\"sampleShape\": [0"));
        TraceFormatException bad = assertThrows(TraceFormatException.class, () -> TraceReader.open(dir));
        assertTrue(bad.getMessage().contains("sampleShape"), bad.getMessage());
    }
}
