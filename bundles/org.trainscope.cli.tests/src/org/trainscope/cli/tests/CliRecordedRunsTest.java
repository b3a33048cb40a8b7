package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;

/**
 * {@code info} on real runs the PyTorch recorder wrote (recorders/python/tests/make_workbench_runs.py:
 * a CNN, a VAE, a GAN that trains and one that blows up, on Fashion-MNIST with Debian's torch).
 */
class CliRecordedRunsTest {
    @TempDir
    static Path runs;

    @BeforeAll
    static void recordWithPyTorch() throws Exception {
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "recorder script missing: " + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), runs.toString(), "cnn", "vae", "gan",
                "gan-unstable").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "python3 with torch, numpy and dataset-fashion-mnist is required "
                + "(releng/scripts/install-deps.sh):\n" + log);
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String info(Path path) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run("info", path.toString());
        assertEquals(ExitCode.OK, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theFolderListsItsFourRuns() {
        List<String> lines = info(runs).lines().toList();
        assertEquals(List.of("traces:     4 (give one of them to info for its summary)",
                "  cnn  \"pytorch-cnn\"  cnn, 60 records, 1 related, closed",
                "  gan  \"pytorch-gan\"  gan, 60 records, 1 related, closed",
                "  gan-unstable  \"pytorch-gan-unstable\"  gan, 8 records, 1 related, closed",
                "  vae  \"pytorch-vae\"  vae, 60 records, 1 related, closed"), lines.subList(1, lines.size()));
    }

    @Test
    void theGanShowsItsNoiseAsARandomVariable() {
        String o = info(runs.resolve("gan"));
        assertTrue(o.contains("\nmodel type: gan\n"), o);
        assertTrue(o.contains("\nnode kinds: operator 15, random_variable 1 (input: normal), parameter 16\n"), o);
        assertTrue(o.contains("\nstatus:     closed"), o);
        assertFalse(o.contains("warning:") || o.contains("first NaN/Inf"), o);
    }

    @Test
    void theUnstableGanNamesWhereTheFirstInfAppeared() {
        String o = info(runs.resolve("gan-unstable"));
        assertTrue(o.contains("\nfirst NaN/Inf: the output of discriminator.2 (forward) at iteration 3\n"), o);
        assertTrue(o.contains("loss  8 values, last NaN, first non-finite at iteration 4"), o);
        assertTrue(o.contains("\n  nonfinite.forward.<node>, nonfinite.backward.<node>  28 per-node NaN/Inf counts\n"), o);
        assertFalse(o.contains("nonfinite.forward.discriminator.2 "), o);
        assertTrue(o.contains("\nstatus:     closed"), o);
    }

    @Test
    void theVaeShowsItsLatentRandomVariable() {
        String o = info(runs.resolve("vae"));
        assertTrue(o.contains("random_variable 1 (latent.z: normal)"), o);
    }
}
