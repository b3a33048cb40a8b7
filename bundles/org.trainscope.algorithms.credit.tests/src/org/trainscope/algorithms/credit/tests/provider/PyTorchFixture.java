package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.trainscope.adapters.trace.TraceRun;

/**
 * A real trace of the PyTorch recorder (conv2d → relu → maxpool → flatten → dense, 20
 * iterations, 4 probe images 1x8x8 with labels), written by recorders/python. Requires python3
 * with torch: the test fails, never skips, without them.
 */
final class PyTorchFixture {
    private PyTorchFixture() {
    }

    static TraceRun record(Path dir) throws IOException, InterruptedException {
        Path script = Path.of("../../recorders/python/tests/make_java_fixture.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "recorder fixture script missing (run the tests from the bundle folder): "
                + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), dir.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy is required "
                + "(releng/scripts/install-deps.sh installs python3-torch):\n" + log);
        return TraceRun.open(dir.resolve("trace"));
    }
}
