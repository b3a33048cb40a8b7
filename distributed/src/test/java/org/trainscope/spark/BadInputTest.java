package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.TraceReader;

/** Bad input gives a clear error naming the file, as the desktop's reader does; bad chunks cost their records. */
class BadInputTest {
    @TempDir
    Path tmp;

    private ReduceJob.Report reduce(Path in) throws IOException {
        ReduceOptions d = ReduceOptions.defaults();
        ReduceOptions noKMeans = new ReduceOptions(d.sampleRate(), 0, 1, 32, 2, 0, d.blockBytes(), d.tensors(), 0, 1, -1, 2048);
        return ReduceJob.run(SparkTests.context(), in.toString(), tmp.resolve("out-" + in.getFileName()).toString(), noKMeans);
    }

    @Test
    void aFolderWithoutManifestIsNotATrace() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> reduce(empty));
        assertEquals(empty + ": not a TrainScope trace: it has no manifest.json", e.getMessage());
        Path missing = tmp.resolve("missing");
        assertEquals(missing + ": does not exist", assertThrows(TraceFormatException.class, () -> reduce(missing)).getMessage());
    }

    @Test
    void aBrokenManifestIsNamed() throws IOException {
        Path trace = Traces.demoLike(tmp.resolve("t"));
        Files.writeString(trace.resolve("manifest.json"), "{\"format\": \"trainscope-trace\", \"formatVersion\": 1, ");
        TraceFormatException e = assertThrows(TraceFormatException.class, () -> reduce(trace));
        assertTrue(e.getMessage().startsWith(trace.resolve("manifest.json") + ": "), e.getMessage());
    }

    @Test
    void aTruncatedChunkEndsTheReadablePrefixWithAWarningNamingIt() throws IOException {
        Path trace = Traces.demoLike(tmp.resolve("t2"));
        Path chunk = trace.resolve("tensors/fc.act/chunk-000001.npy");
        try (FileChannel c = FileChannel.open(chunk, StandardOpenOption.WRITE)) {
            c.truncate(c.size() / 2);
        }
        ReduceJob.Report report = reduce(trace);
        assertEquals(16, report.records(), "records of chunk 1 and after are dropped from every tensor");
        assertTrue(report.warnings().stream().anyMatch(w -> w.contains(chunk.toString()) && w.contains("truncated")),
                report.warnings().toString());
        try (TraceReader reduced = TraceReader.open(tmp.resolve("out-t2"))) {
            assertEquals(16, reduced.recordCount());
            assertTrue(reduced.manifest().attributes().get("reduction").toString().contains("chunk-000001.npy"),
                    "the warning is in the provenance");
        }
    }

    @Test
    void theLauncherReportsTheFileAndExitsWithOne() throws Exception {
        Path trace = Traces.demoLike(tmp.resolve("t3"));
        Files.delete(trace.resolve("journal.jsonl"));
        // the launcher's main in its own JVM (one SparkContext per JVM), with the launcher's JVM options
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(java.util.List.of(System.getProperty("trainscope.spark.jvmOptions", "").split(" ")));
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), TrainScopeSpark.class.getName(), "reduce",
                trace.toString(), tmp.resolve("o3").toString(), "--master", "local[1]"));
        command.removeIf(String::isEmpty);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertTrue(output.contains("trainscope-spark: " + trace.resolve("journal.jsonl") + ": missing"), output);
        assertEquals(2, TrainScopeSpark.run(new String[] {"reduce", "a", "b", "--rate", "2"}));
        assertEquals(2, TrainScopeSpark.run(new String[] {"shrink", "a", "b"}));
    }
}
