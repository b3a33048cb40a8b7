package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;

/**
 * The distribution as a user gets it: the archive unpacked, {@code bin/trainscope-spark reduce} run
 * on a trace (local mode, as the launcher sets it), the reduced trace read back.
 */
class LauncherIT {
    @TempDir
    Path tmp;

    @Test
    void theArchivesLauncherReducesATrace() throws Exception {
        Path archive = Path.of(System.getProperty("trainscope.spark.archive"));
        assertTrue(Files.isRegularFile(archive), archive + " is built by the package phase");
        run(tmp, "tar", "xzf", archive.toString());
        Path home;
        try (var dirs = Files.list(tmp)) {
            home = dirs.filter(p -> p.getFileName().toString().startsWith("trainscope-spark-")).findFirst().orElseThrow();
        }
        assertTrue(Files.isExecutable(home.resolve("bin/trainscope-spark")));
        try (var jars = Files.list(home.resolve("lib"))) {
            assertTrue(jars.anyMatch(p -> p.getFileName().toString().startsWith("spark-mllib_2.12-")), "Spark is in the archive's lib");
        }
        Path in = Traces.demoLike(tmp.resolve("in"));
        Path out = tmp.resolve("out");
        String log = run(tmp, home.resolve("bin/trainscope-spark").toString(), "reduce", in.toString(), out.toString(), "--k", "2",
                "--rate", "0.05");
        assertTrue(log.contains("reduced " + in), log);
        try (TraceReader reduced = TraceReader.open(out)) {
            assertEquals(TraceStatus.CLOSED, reduced.status());
            assertEquals(40, reduced.recordCount());
            assertTrue(reduced.manifest().tensor("fc.act.sample").isPresent());
        }
        String usage = run(tmp, home.resolve("bin/trainscope-spark").toString(), "--help");
        assertTrue(usage.contains("usage: trainscope-spark reduce IN OUT"), usage);
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
        return out;
    }
}
