package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.HalfFloat;
import org.trainscope.trace.TraceMetricSeries;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.json.JsonParser;

/**
 * The specification is the contract: a trace written by a Python script that knows only the spec
 * (json + numpy) must read correctly here, and the same script must read what Java writes. Needs
 * /usr/bin/python3 with numpy (Debian: python3-numpy); fails, never skips, without them.
 */
class TraceFromNumpyScriptTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    @Test
    void aTraceWrittenWithNumpyAloneReadsCorrectly() throws Exception {
        Path dir = tmp.resolve("numpy");
        runScript("write", dir.toString());
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(List.of(), r.warnings());
            assertTrue(r.isComplete());
            assertEquals(7, r.recordCount());
            assertEquals(301, r.iteration(3));
            assertEquals("numpy-written", r.manifest().name());
            checkPythonValues(r, 7);
            TraceMetricSeries loss = r.metric("loss");
            assertTrue(Double.isNaN(loss.value(2)) && loss.has(2));
            assertEquals(0.25, loss.value(3));
            TraceMetricSeries accuracy = r.metric("accuracy");
            assertFalse(accuracy.has(0));
            assertEquals(Double.POSITIVE_INFINITY, accuracy.value(5));
            long[] batch = new long[3];
            assertEquals(3, r.readBatch(5, batch));
            assertArrayEquals(new long[] {50, 51, 52}, batch);
            assertEquals(1, r.readBatch(6, batch));
            assertArrayEquals(new float[] {1, 2, 3, 4}, r.readArrayFloats("probe.x"));
            assertArrayEquals(new long[] {1, 0}, r.readArrayLongs("probe.y"));
        }
    }

    @Test
    void aNumpyWriterKilledMidRecordLeavesItsCommittedRecords() throws Exception {
        Path dir = tmp.resolve("crashed");
        runScript("write", dir.toString(), "--crash");
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(7, r.recordCount());
            assertFalse(r.isComplete());
            // one warning: the torn journal line explains the half row written before it
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).startsWith("journal.jsonl: the last line"), r.warnings().get(0));
            checkPythonValues(r, 7);
        }
    }

    @Test
    void theNumpyScriptReadsWhatJavaWrites() throws Exception {
        Path dir = TraceFixtures.write(tmp.resolve("java"), DType.FLOAT32, 3, 8);
        Map<?, ?> summary = (Map<?, ?>) JsonParser.parse(runScript("read", dir.toString()).trim(), 16);
        assertEquals(8L, summary.get("records"));
        List<Object> iterations = new ArrayList<>();
        for (int rec = 0; rec < 8; rec++) {
            iterations.add(TraceFixtures.iterationOf(rec));
        }
        assertEquals(iterations, summary.get("iterations"));
        Map<?, ?> act = (Map<?, ?>) ((Map<?, ?>) summary.get("tensors")).get(TraceFixtures.ACT);
        double sum = 0;
        for (int rec = 0; rec < 8; rec++) {
            for (int j = 0; j < 15; j++) {
                sum += TraceFixtures.value(rec, j);
            }
        }
        assertEquals(sum, ((Number) act.get("sum")).doubleValue(), 1e-9);
    }

    /** The formulas of write_trace_numpy.py, bit for bit. */
    private static void checkPythonValues(TraceReader r, int records) throws IOException {
        float[] act = new float[6];
        short[] expectedHalf = new short[5];
        float[] w = new float[5];
        for (int rec = 0; rec < records; rec++) {
            r.readRecord("dense1.act", rec, act);
            for (int j = 0; j < 6; j++) {
                float expected = 8 * rec + 0.5f * j;
                if (rec == 1 && j == 0) {
                    assertEquals(0x7FC01234, Float.floatToRawIntBits(act[j]), "NaN payload");
                } else if (rec == 2 && j == 1) {
                    assertEquals(Float.NEGATIVE_INFINITY, act[j]);
                } else {
                    assertEquals(expected, act[j], "act record " + rec + " neuron " + j);
                }
            }
            r.readRecord("dense1.w", rec, w);
            for (int j = 0; j < 5; j++) {
                expectedHalf[j] = HalfFloat.fromFloat(4 * rec + 0.25f * j);
            }
            if (rec == 3) {
                expectedHalf[4] = 0x7D01;
            }
            if (rec == 4) {
                expectedHalf[0] = 0x7C00;
            }
            for (int j = 0; j < 5; j++) {
                assertEquals(expectedHalf[j], HalfFloat.fromFloat(w[j]), "w record " + rec + " neuron " + j);
            }
        }
        float[] polyline = new float[records];
        r.readPolyline("dense1.act", 5, polyline);
        for (int rec = 0; rec < records; rec++) {
            assertEquals(8 * rec + 2.5f, polyline[rec]);
        }
    }

    private static String runScript(String... args) throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            fail(PYTHON + " is missing; this test needs Python 3 with numpy (Debian: apt-get install -y python3-numpy)");
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, script().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("the numpy script did not finish in 120 s: " + command);
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            String hint = output.contains("No module named 'numpy'") ? " (install numpy: apt-get install -y python3-numpy)" : "";
            fail("the numpy script failed with exit code " + p.exitValue() + hint + ":\n" + output);
        }
        return output;
    }

    /** The script lives in the tests bundle; tests run with that bundle or the repository root as working directory. */
    private static Path script() {
        String override = System.getProperty("trainscope.trace.scripts");
        Path relative = Path.of("scripts", "write_trace_numpy.py");
        List<Path> candidates = new ArrayList<>();
        if (override != null) {
            candidates.add(Path.of(override).resolve("write_trace_numpy.py"));
        }
        candidates.add(relative);
        candidates.add(Path.of("bundles", "org.trainscope.trace.tests").resolve(relative));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.toAbsolutePath();
            }
        }
        fail("cannot find write_trace_numpy.py; looked at " + candidates + " from " + Path.of("").toAbsolutePath());
        return null;
    }
}
