package org.trainscope.algorithms.credit.tests.realruns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * The two failing VAEs of issue 12, recorded once per test runtime on real Fashion-MNIST and shared
 * by the tests that investigate them: the DL4J demo's {@code vae-unstable} and the PyTorch
 * recorder's (recorders/python/tests/make_workbench_runs.py {@code vae-unstable}, with
 * /usr/bin/python3; fails, never skips, without torch). The runs stay open until the JVM ends.
 */
final class FailingVaeRuns {
    static final String DL4J = "dl4j-vae-unstable";
    static final String PYTORCH = "pytorch-vae-unstable";
    /** The demo's default batches; 150 iterations, and the unstable VAE fails well before. */
    static final DemoSize DEMO = new DemoSize(9600, 100, 64, 16, 1);

    private static Map<String, TraceRun> runs;

    private FailingVaeRuns() {
    }

    static Stream<String> names() {
        return Stream.of(DL4J, PYTORCH);
    }

    static synchronized TraceRun get(String name) {
        if (runs == null) {
            runs = record();
        }
        return runs.get(name);
    }

    private static Map<String, TraceRun> record() {
        try {
            Path dir = Files.createTempDirectory("failing-vae");
            Map<String, TraceRun> recorded = new LinkedHashMap<>();
            var result = DemoRuns.record(DemoKind.VAE_UNSTABLE, dir.resolve("demo"), 42, DEMO, DemoRuns.dataDirectory(),
                    null);
            recorded.put(DL4J, TraceRun.open(result.trace()));
            Path py = dir.resolve("pytorch");
            Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
            assertTrue(Files.exists(script), "PyTorch recorder script missing: " + script);
            Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), py.toString(), "vae-unstable")
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
            assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy is required:\n" + log);
            recorded.put(PYTORCH, TraceRun.open(py.resolve("vae-unstable")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                recorded.values().forEach(TraceRun::close);
                delete(dir);
            }));
            return recorded;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
