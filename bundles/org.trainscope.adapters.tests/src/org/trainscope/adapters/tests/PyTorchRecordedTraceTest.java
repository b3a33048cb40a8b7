package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.json.JsonParser;

/**
 * The PyTorch recorder (recorders/python) trains a real network with Debian's python3-torch and
 * writes a trace plus what PyTorch itself reported; the native adapter must read back exactly
 * that: iterations, losses (NaN included), tensor shapes, and sampled values of weights,
 * gradients, updates and activations.
 */
class PyTorchRecordedTraceTest {
    @TempDir
    static Path out;

    private static Map<String, Object> expected;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void recordWithPyTorch() throws Exception {
        Path script = Path.of("../../recorders/python/tests/make_java_fixture.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "recorder fixture script missing: " + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "python3 with torch and numpy is required "
                + "(releng/scripts/install-deps.sh installs python3-torch):\n" + log);
        expected = (Map<String, Object>) JsonParser.parse(Files.readString(out.resolve("expected.json")), 64);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String name) {
        return (Map<String, Object>) expected.get(name);
    }

    private static Run open(String dir) throws IOException {
        TraceRunAdapter adapter = new TraceRunAdapter();
        assertEquals(100, adapter.validate(out.resolve(dir)));
        return adapter.open(out.resolve(dir), new NullProgressMonitor());
    }

    private static double number(Object o) {
        if (o instanceof Number n) {
            return n.doubleValue();
        }
        return switch (o.toString()) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> throw new AssertionError("not a number: " + o);
        };
    }

    @SuppressWarnings("unchecked")
    private static void checkRun(String sectionName) throws IOException {
        Map<String, Object> e = section(sectionName);
        try (Run run = open(e.get("trace").toString())) {
            List<Object> its = (List<Object>) e.get("iterations");
            MetricSeries loss = run.metric("loss").orElseThrow();
            assertEquals(its.size(), loss.size());
            List<Object> losses = (List<Object>) e.get("loss");
            for (int i = 0; i < its.size(); i++) {
                assertEquals((long) number(its.get(i)), loss.iterations()[i]);
                double want = number(losses.get(i));
                assertEquals(Double.isNaN(want), Double.isNaN(loss.values()[i]), "loss NaN at " + i);
                if (!Double.isNaN(want)) {
                    assertEquals(want, loss.values()[i], 1e-6 * Math.max(1, Math.abs(want)));
                }
            }
            Map<String, Object> tensors = (Map<String, Object>) e.get("tensors");
            for (Map.Entry<String, Object> t : tensors.entrySet()) {
                TensorSeries series = run.tensor(t.getKey()).orElseThrow(() -> new AssertionError(
                        "tensor " + t.getKey() + " missing; have " + run.tensors().stream().map(TensorSeries::id)
                                .toList()));
                Map<String, Object> info = (Map<String, Object>) t.getValue();
                int[] shape = ((List<Object>) info.get("shape")).stream().mapToInt(o -> (int) number(o)).toArray();
                assertArrayEquals(shape, series.shape(), t.getKey());
                assertEquals(info.get("kind"), series.kind().externalName(), t.getKey());
            }
            double tolerance = number(e.get("tolerance"));
            int checked = 0;
            for (Object o : (List<Object>) e.get("samples")) {
                Map<String, Object> s = (Map<String, Object>) o;
                TensorSeries series = run.tensor(s.get("tensor").toString()).orElseThrow();
                float[] one = new float[1];
                int record = (int) number(s.get("record"));
                series.readPolyline((int) number(s.get("neuron")), record, record + 1, one);
                double want = number(s.get("value"));
                if (Double.isNaN(want)) {
                    assertTrue(Float.isNaN(one[0]), s.toString());
                } else {
                    assertEquals(want, one[0], tolerance * Math.max(1, Math.abs(want)), s.toString());
                }
                checked++;
            }
            assertTrue(checked > 50, "only " + checked + " samples");
            Map<String, Object> ops = (Map<String, Object>) e.get("operators");
            for (Map.Entry<String, Object> op : ops.entrySet()) {
                var node = run.graph().node(op.getKey()).orElseThrow(() -> new AssertionError("node " + op.getKey()));
                assertEquals(NodeKind.OPERATOR, node.kind());
                assertEquals(op.getValue(), node.operatorType(), op.getKey());
            }
            for (Object edge : (List<Object>) e.get("edges")) {
                List<Object> pair = (List<Object>) edge;
                assertTrue(run.graph().successors(pair.get(0).toString()).contains(pair.get(1).toString()),
                        "edge " + pair);
            }
        }
    }

    @Test
    void aTraceRecordedByPyTorchReadsBackAsPyTorchReportedIt() throws IOException {
        checkRun("main");
    }

    @Test
    void theNaNRunIsCapturedUpToWhereTheRecorderStopped() throws IOException {
        checkRun("nan");
        try (Run run = open(section("nan").get("trace").toString())) {
            assertTrue(run.metric("loss").orElseThrow().firstNonFiniteIteration() >= 0);
        }
    }
}
