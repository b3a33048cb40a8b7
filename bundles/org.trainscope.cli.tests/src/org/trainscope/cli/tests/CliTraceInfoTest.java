package org.trainscope.cli.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.internal.Cli;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceWriter;

/** {@code info} on trace folders: live or closed, node kinds, the first NaN/Inf, folders of traces. */
class CliTraceInfoTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** noise (a random variable) -> fc1 (with parameter fc1.W) -> fc2; weights of fc1 in every-2/. */
    private static TraceManifest manifest(String modelType, List<?> related, boolean tensors) {
        TraceGraph graph = new TraceGraph(List.of(),
                List.of(new GraphNode("noise", TraceNodeKind.RANDOM_VARIABLE, "normal", null),
                        new GraphNode("fc1", TraceNodeKind.OPERATOR, "dense", null),
                        new GraphNode("fc1.W", TraceNodeKind.PARAMETER, null, null),
                        new GraphNode("fc2", TraceNodeKind.OPERATOR, "dense", null)),
                List.of(new GraphEdge("noise", "fc1"), new GraphEdge("fc1.W", "fc1"), new GraphEdge("fc1", "fc2")));
        return new TraceManifest(modelType + "-run", modelType, related == null ? Map.of() : Map.of("relatedTraces", related),
                graph, tensors ? List.of(new TensorInfo("fc1.W", "fc1.W", TraceTensorKind.WEIGHT, DType.FLOAT32, List.of(3), 4)) : List.of(),
                List.of(new MetricInfo("loss", null), new MetricInfo("nonfinite.forward.fc1", null),
                        new MetricInfo("nonfinite.forward.fc2", null)),
                null, List.of(), null);
    }

    /** Iterations 0, step, 2 step, ...; from record {@code nanFrom} on fc1 and fc2 produce NaN. */
    private static Path write(Path at, TraceManifest m, int records, int step, int nanFrom, boolean close) throws IOException {
        TraceWriter w = TraceWriter.create(at, m);
        for (int r = 0; r < records; r++) {
            w.beginRecord((long) r * step);
            w.putMetric("loss", r < nanFrom ? 1.0 / (r + 1) : Double.NaN);
            if (r >= nanFrom) {
                w.putMetric("nonfinite.forward.fc1", 3);
                w.putMetric("nonfinite.forward.fc2", 2);
            }
            for (TensorInfo t : m.tensors()) {
                w.putTensor(t.id(), new float[] {r, r, r});
            }
            w.commit();
        }
        if (close) {
            w.close();
        } else {
            w.abandon();
        }
        return at;
    }

    private Path gan(Path at, boolean close) throws IOException {
        write(at, manifest("gan", List.of(Map.of("path", "every-2", "every", 2L, "kinds", List.of("weights"))), false), 6, 1, 4,
                close);
        write(at.resolve("every-2"), manifest("gan", null, true), 3, 2, 99, true);
        return at;
    }

    @Test
    void aClosedTraceShowsItsStatusNodeKindsAndWhereNaNStarted() throws IOException {
        Path trace = gan(dir.resolve("gan"), true);
        assertEquals(ExitCode.OK, run("info", trace.toString()), err.toString(StandardCharsets.UTF_8));
        String o = out();
        assertTrue(o.contains("\nstatus:     closed (the writer finished it)\n"), o);
        assertTrue(o.contains("\nnode kinds: operator 2, random_variable 1 (noise: normal), parameter 1\n"), o);
        assertTrue(o.contains("\nfirst NaN/Inf: the output of fc1 (forward) at iteration 4 (from the per-node counts)\n"), o);
        assertTrue(o.contains("fc1.W  weight [3] x 3 records"), o); // the related trace's tensor is part of the run
        assertFalse(o.contains("warning:"), o);
    }

    @Test
    void aLiveTraceSaysSo() throws IOException {
        Path trace = gan(dir.resolve("gan"), false);
        assertEquals(ExitCode.OK, run("info", trace.toString()));
        assertTrue(out().contains("\nstatus:     live (no end line yet"), out());
    }

    @Test
    void aDamagedTraceGivesOneWarningWithARelativePath() throws IOException {
        Path trace = gan(dir.resolve("gan"), true);
        Files.delete(trace.resolve("every-2").resolve("tensors").resolve("fc1.W").resolve("chunk-000000.npy"));
        assertEquals(ExitCode.OK, run("info", trace.toString()));
        String o = out();
        assertTrue(o.contains("\nstatus:     damaged"), o);
        List<String> warnings = o.lines().filter(l -> l.startsWith("warning:")).toList();
        assertEquals(List.of("warning:    every-2/tensors/fc1.W/chunk-000000.npy is missing; dropped 3 record(s) from record 0 "
                + "(iterations 0 to 4) of every tensor"), warnings);
        assertFalse(o.contains(dir.toString() + "/gan/"), o);
    }

    @Test
    void aFolderOfTracesListsTheTracesInside() throws IOException {
        Path folder = dir.resolve("runs");
        gan(folder.resolve("gan"), true);
        write(folder.resolve("separate").resolve("generator"), manifest("mlp", null, false), 4, 1, 99, false);
        write(folder.resolve("separate").resolve("discriminator"), manifest("cnn", null, false), 4, 1, 99, true);
        Files.createDirectories(folder.resolve("notes"));
        assertEquals(ExitCode.OK, run("info", folder.toString()), err.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(
                "folder:     " + folder,
                "traces:     3 (give one of them to info for its summary)",
                "  gan  \"gan-run\"  gan, 6 records, 1 related, closed",
                "  separate/discriminator  \"cnn-run\"  cnn, 4 records, 0 related, closed",
                "  separate/generator  \"mlp-run\"  mlp, 4 records, 0 related, live"), out().lines().toList());
        Files.writeString(folder.resolve("separate").resolve("generator").resolve("manifest.json"), "{");
        out.reset();
        assertEquals(ExitCode.BAD_DATA, run("info", folder.toString()));
        assertTrue(out().contains("  separate/generator  cannot be read: manifest.json: invalid JSON"), out());
    }

    @Test
    void aCorruptTraceIsBadDataNamingTheFile() throws IOException {
        Path trace = gan(dir.resolve("gan"), true);
        Files.writeString(trace.resolve("manifest.json"), "{\"formatVersion\": ");
        assertEquals(ExitCode.BAD_DATA, run("info", trace.toString()));
        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(e.startsWith("trainscope-cli info: ") && e.contains("manifest.json"), e);
        assertEquals("", out());
    }
}
