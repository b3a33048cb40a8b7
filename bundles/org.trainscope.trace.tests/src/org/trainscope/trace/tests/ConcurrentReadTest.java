package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.trainscope.trace.tests.TraceFixtures.ACT;
import static org.trainscope.trace.tests.TraceFixtures.GRAD;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.TraceReader;

/** One reader, many threads: views, jobs and the CLI share it. */
class ConcurrentReadTest {
    @TempDir
    Path tmp;

    @Test
    void manyThreadsReadTheSameTraceCorrectly() throws Exception {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT16, 2, 40);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try (TraceReader r = TraceReader.open(dir)) {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                int seed = t;
                tasks.add(() -> {
                    int checked = 0;
                    float[] row = new float[15];
                    float[] polyline = new float[40];
                    for (int round = 0; round < 200; round++) {
                        int rec = (seed * 7 + round * 13) % 40;
                        int neuron = (seed + round) % 7;
                        r.readRecord(ACT, rec, row);
                        for (int j = 0; j < 15; j++) {
                            assertEquals(TraceFixtures.value(rec, j), row[j]);
                        }
                        r.readPolyline(GRAD, neuron, polyline);
                        for (int i = 0; i < 40; i++) {
                            assertEquals(TraceFixtures.value(i, neuron), polyline[i]);
                        }
                        if (round % 50 == 0) {
                            r.refresh(); // refreshing concurrently with reads is allowed
                        }
                        checked++;
                    }
                    return checked;
                });
            }
            int total = 0;
            for (Future<Integer> f : pool.invokeAll(tasks)) {
                total += f.get();
            }
            assertEquals(12 * 200, total);
        } finally {
            pool.shutdownNow();
        }
    }
}
