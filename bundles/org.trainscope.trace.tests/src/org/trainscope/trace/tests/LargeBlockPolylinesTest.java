package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
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
 * Blocks big enough for the reader to split them between threads and into several tiles
 * (more than 2048 neurons, more records than one tile holds, several chunk files) give exactly
 * what record-by-record reads give, also when several callers scan at once.
 */
class LargeBlockPolylinesTest {
    private static final int NEURONS = 5003;
    private static final int RECORDS = 70;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT16"})
    void largeBlocksMatchRecordReads(DType dtype) throws Exception {
        Path dir = tmp.resolve("t");
        write(dir, dtype);
        try (TraceReader r = TraceReader.open(dir)) {
            float[][] rows = new float[RECORDS][NEURONS];
            for (int rec = 0; rec < RECORDS; rec++) {
                r.readRecord("a", rec, rows[rec]);
            }
            check(r, rows, 0, NEURONS, 0, RECORDS);
            check(r, rows, 7, 4500, 3, 61);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Void>> results = List.of(
                        pool.submit(() -> check(r, rows, 0, NEURONS, 0, RECORDS)),
                        pool.submit(() -> check(r, rows, 1, 5000, 1, 69)),
                        pool.submit(() -> check(r, rows, 500, 4200, 0, RECORDS)));
                for (Future<Void> f : results) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    private static Void check(TraceReader r, float[][] rows, int first, int count, int firstRecord, int records) throws IOException {
        float[] out = new float[count * records];
        r.readPolylines("a", first, count, firstRecord, records, out);
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < records; i++) {
                assertEquals(rows[firstRecord + i][first + k], out[k * records + i], "neuron " + (first + k) + " record " + (firstRecord + i));
            }
        }
        return null;
    }

    private static void write(Path dir, DType dtype) throws IOException {
        TraceManifest m = new TraceManifest("large", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("n", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(new TensorInfo("a", "n", TraceTensorKind.ACTIVATION, dtype, List.of(NEURONS), 16)), List.of(), null, null, null);
        float[] row = new float[NEURONS];
        try (TraceWriter w = TraceWriter.create(dir, m)) {
            for (int rec = 0; rec < RECORDS; rec++) {
                for (int j = 0; j < NEURONS; j++) {
                    row[j] = (float) Math.sin(j * 0.37 + rec * 1.3); // varies with both, and stays finite in float16
                }
                w.beginRecord(rec);
                w.putTensor("a", row);
                w.commit();
            }
        }
    }
}
