package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trainscope.trace.tests.TraceFixtures.ACT;
import static org.trainscope.trace.tests.TraceFixtures.GRAD;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.trace.DType;
import org.trainscope.trace.HalfFloat;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceMetricSeries;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceWriter;

class RoundTripTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT16"})
    void valuesMetricsBatchesAndArraysReadBackAsWritten(DType dtype) throws IOException {
        TraceFixtures.write(tmp.resolve("t"), dtype, 4, 11);
        try (TraceReader r = TraceReader.open(tmp.resolve("t"))) {
            assertEquals(11, r.recordCount());
            assertTrue(r.isComplete());
            assertEquals(List.of(), r.warnings());
            assertEquals(TraceFixtures.manifest(dtype, 4), r.manifest());
            float[] snapshot = new float[15];
            for (int rec = 0; rec < 11; rec++) {
                assertEquals(TraceFixtures.iterationOf(rec), r.iteration(rec));
                r.readRecord(ACT, rec, snapshot);
                assertArrayEquals(TraceFixtures.row(rec, 15), snapshot);
            }
            TraceMetricSeries loss = r.metric("loss");
            TraceMetricSeries accuracy = r.metric("accuracy");
            assertEquals(11, loss.size());
            assertEquals(1.0 / 3, loss.value(2));
            assertTrue(accuracy.has(4));
            assertFalse(accuracy.has(5));
            long[] batch = new long[TraceFixtures.BATCH];
            assertEquals(2, r.readBatch(3, batch));
            assertArrayEquals(new long[] {3, 4, -1, -1}, batch);
            assertEquals(4, r.readBatch(4, batch));
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, r.readArrayFloats("probe.inputs"));
            assertArrayEquals(new long[] {0, 1, 0}, r.readArrayLongs("probe.labels"));
        }
    }

    @Test
    void polylinesAgreeWithSnapshots() throws IOException {
        TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 3, 10);
        try (TraceReader r = TraceReader.open(tmp.resolve("t"))) {
            float[][] snapshots = new float[10][15];
            for (int rec = 0; rec < 10; rec++) {
                r.readSnapshot(ACT, r.iteration(rec), snapshots[rec]);
            }
            float[] polyline = new float[10];
            for (int j = 0; j < 15; j++) {
                assertEquals(10, r.readPolyline(ACT, j, polyline));
                for (int rec = 0; rec < 10; rec++) {
                    assertEquals(snapshots[rec][j], polyline[rec]);
                }
            }
            float[] block = new float[4 * 6];
            r.readPolylines(ACT, 9, 4, 2, 6, block);
            for (int k = 0; k < 4; k++) {
                for (int i = 0; i < 6; i++) {
                    assertEquals(snapshots[2 + i][9 + k], block[k * 6 + i]);
                }
            }
            float[] part = new float[5];
            r.readRecord(ACT, 7, 4, 5, part, 0);
            assertArrayEquals(java.util.Arrays.copyOfRange(snapshots[7], 4, 9), part);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 64})
    void everyChunkSizeGivesTheSameData(int chunkRecords) throws IOException {
        TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, chunkRecords, 9);
        try (TraceReader r = TraceReader.open(tmp.resolve("t"))) {
            float[] polyline = new float[9];
            r.readPolyline(GRAD, 6, polyline);
            for (int rec = 0; rec < 9; rec++) {
                assertEquals(TraceFixtures.value(rec, 6), polyline[rec]);
            }
        }
    }

    @Test
    void nanAndInfinitiesRoundTripBitExactly() throws IOException {
        int[] f32Bits = {0x7fc00000, 0xffc00000, 0x7f800001, 0x7fbfffff, 0x7fc12345, 0x7f800000, 0xff800000, 0x80000000, 0x00000001};
        short[] f16Bits = {0x7e00, (short) 0xfe00, 0x7c01, 0x7d55, 0x7c00, (short) 0xfc00, (short) 0x8000, 0x0001, 0x7bff};
        TraceManifest m = new TraceManifest(null, "mlp", null, TraceFixtures.graph(),
                List.of(new TensorInfo("a", "fc1", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(9), 2),
                        new TensorInfo("h", "fc1", TraceTensorKind.WEIGHT, DType.FLOAT16, List.of(9), 2)),
                List.of(new MetricInfo("loss", null)), null, null, null);
        Path dir = tmp.resolve("nan");
        try (TraceWriter w = TraceWriter.create(dir, m)) {
            float[] a = new float[9];
            for (int i = 0; i < 9; i++) {
                a[i] = Float.intBitsToFloat(f32Bits[i]);
            }
            double[] losses = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int rec = 0; rec < 3; rec++) {
                w.beginRecord(rec);
                w.putTensor("a", a);
                w.putTensorHalfBits("h", f16Bits);
                w.putMetric("loss", losses[rec]);
                w.commit();
            }
        }
        try (TraceReader r = TraceReader.open(dir)) {
            float[] a = new float[9];
            float[] h = new float[9];
            for (int rec = 0; rec < 3; rec++) {
                r.readRecord("a", rec, a);
                r.readRecord("h", rec, h);
                for (int i = 0; i < 9; i++) {
                    assertEquals(f32Bits[i], Float.floatToRawIntBits(a[i]), "float32 element " + i);
                    assertEquals(f16Bits[i], HalfFloat.fromFloat(h[i]), "float16 element " + i);
                }
            }
            float[] polyline = new float[3];
            r.readPolyline("a", 4, polyline);
            assertEquals(0x7fc12345, Float.floatToRawIntBits(polyline[2]));
            TraceMetricSeries loss = r.metric("loss");
            assertTrue(Double.isNaN(loss.value(0)) && loss.has(0));
            assertEquals(Double.POSITIVE_INFINITY, loss.value(1));
            assertEquals(Double.NEGATIVE_INFINITY, loss.value(2));
        }
    }

    @Test
    void closedChunksAreCompleteNpyFilesWithTheirRealRecordCount() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 6);
        Path last = dir.resolve("tensors").resolve(ACT).resolve("chunk-000001.npy");
        String header = new String(Files.readAllBytes(last), 0, 128, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(header.contains("'shape': (2, 3, 5)"), header);
        assertEquals(128 + 2 * 15 * 4, Files.size(last));
        assertTrue(Files.readString(dir.resolve("journal.jsonl")).endsWith("{\"end\":true,\"records\":6}\n"));
    }

    @Test
    void manifestAttributesSurviveTheRoundTrip() throws IOException {
        TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 1);
        try (TraceReader r = TraceReader.open(tmp.resolve("t"))) {
            assertEquals(Map.of("lr", 0.01), r.manifest().attributes());
            assertEquals(Map.of("units", 5L), r.manifest().graph().nodes().get(1).attributes());
            assertEquals(-1, r.recordOf(6));
            assertEquals(0, r.recordOf(5));
        }
    }

    @Test
    void anUncommittedRecordIsDroppedOnClose() throws IOException {
        Path dir = tmp.resolve("t");
        try (TraceWriter w = TraceWriter.create(dir, TraceFixtures.manifest(DType.FLOAT32, 2))) {
            for (int rec = 0; rec < 4; rec++) {
                TraceFixtures.writeRecord(w, rec);
            }
            w.beginRecord(1000);
            w.putTensor(ACT, new float[15]);
        }
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(4, r.recordCount());
            assertTrue(r.isComplete());
            assertEquals(List.of(), r.warnings());
            assertFalse(Files.exists(dir.resolve("tensors").resolve(ACT).resolve("chunk-000002.npy")));
        }
    }
}
