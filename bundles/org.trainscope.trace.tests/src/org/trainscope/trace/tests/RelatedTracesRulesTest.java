package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.RelatedTraces;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;
import org.trainscope.trace.TraceWriter;

/** docs/trace-format.md §4.7: which related traces a reader opens, and what it says about the rest. */
class RelatedTracesRulesTest {
    @TempDir
    Path tmp;

    private static TraceManifest manifest(String name, List<?> related, String... tensorIdsAndNodes) {
        TraceManifest base = TraceFixtures.manifest(DType.FLOAT32, 4);
        List<TensorInfo> tensors = new ArrayList<>();
        for (int i = 0; i < tensorIdsAndNodes.length; i += 2) {
            tensors.add(new TensorInfo(tensorIdsAndNodes[i], tensorIdsAndNodes[i + 1], TraceTensorKind.WEIGHT, DType.FLOAT32,
                    List.of(2), 4));
        }
        TraceGraph graph = base.graph();
        if (tensors.stream().anyMatch(t -> t.node().equals("extra"))) { // a graph that differs from the top trace's
            List<GraphNode> nodes = new ArrayList<>(graph.nodes());
            nodes.add(new GraphNode("extra", TraceNodeKind.OPERATOR, "dense", null));
            graph = new TraceGraph(graph.layers(), nodes, graph.edges());
        }
        return new TraceManifest(name, "mlp", related == null ? Map.of() : Map.of("relatedTraces", related), graph,
                tensors, List.of(new MetricInfo("loss", null)), null, List.of(), null);
    }

    private static Path write(Path dir, TraceManifest m, boolean close) throws IOException {
        TraceWriter w = TraceWriter.create(dir, m);
        w.beginRecord(0);
        w.putMetric("loss", 1);
        for (TensorInfo t : m.tensors()) {
            w.putTensor(t.id(), new float[] {1, 2});
        }
        w.commit();
        if (close) {
            w.close();
        } else {
            w.abandon();
        }
        return dir;
    }

    @Test
    void onlyPlainSubFolderPathsAreAccepted() {
        List<Object> entries = new ArrayList<>();
        for (String p : List.of("every-2", ".", "./", "..", "../every-2", "a/../b", "/tmp/x", "C:/x", "a\\b", "a//b",
                "./every-2", "every-2/", "deep/every-4/")) {
            entries.add(Map.of("path", p, "every", 2L, "kinds", List.of("weights")));
        }
        entries.add(Map.of("every", 4L));
        entries.add("every-8");
        List<String> problems = new ArrayList<>();
        List<String> accepted = RelatedTraces.paths(manifest("top", entries), problems);
        assertEquals(List.of("every-2", "deep/every-4"), accepted);
        String all = String.join("\n", problems);
        assertTrue(all.contains("path '.' names the trace itself"), all);
        assertTrue(all.contains("path './' names the trace itself"), all);
        assertTrue(all.contains("path '..' leaves the trace folder"), all);
        assertTrue(all.contains("path '../every-2' leaves the trace folder"), all);
        assertTrue(all.contains("path 'a/../b' leaves the trace folder"), all);
        assertTrue(all.contains("path '/tmp/x' is absolute"), all);
        assertTrue(all.contains("path 'C:/x' is absolute"), all);
        assertTrue(all.contains("path 'a\\b' contains a backslash"), all);
        assertTrue(all.contains("path 'a//b' has an empty or '.' segment"), all);
        assertTrue(all.contains("path './every-2' has an empty or '.' segment"), all);
        assertTrue(all.contains("path 'every-2/' is listed twice"), all);
        assertEquals(13, problems.size(), all); // 11 refused paths and 2 entries without a path
    }

    @Test
    void relatedTracesOpenWithTheirProblemsAsWarnings() throws IOException {
        Path top = tmp.resolve("run");
        write(top, manifest("top", List.of(Map.of("path", "every-2"), Map.of("path", "every-4"), Map.of("path", "gone"),
                Map.of("path", "..")), "fc1.W", "fc1.W"), true);
        // a sub-trace repeats the graph; it must not link back up, and its own links are not followed
        write(top.resolve("every-2"), manifest("every-2", List.of(Map.of("path", "nested")), "fc1.act", "fc1", "fc1.W", "fc1.W"),
                false);
        write(top.resolve("every-2").resolve("nested"), manifest("nested", null, "deep", "fc1"), true);
        write(top.resolve("every-4"), manifest("every-4", null, "fc1.act", "fc1", "z.act", "z", "extra.act", "extra"), true);
        try (TraceReader reader = TraceReader.open(top); RelatedTraces related = RelatedTraces.open(reader)) {
            assertEquals(List.of("every-2", "every-4"), related.readers().stream().map(related::pathOf).toList());
            assertEquals(TraceStatus.LIVE, related.status()); // every-2 was not closed
            assertEquals(List.of(
                    "manifest.json: related trace path '..' leaves the trace folder; ignored",
                    "related trace gone not opened: gone: does not exist",
                    "every-2/manifest.json: tensor \"fc1.W\" is also in the top trace; the one there is used",
                    "every-4/manifest.json: tensor \"fc1.act\" is also in every-2; the one there is used",
                    "every-4/manifest.json: tensor \"extra.act\" belongs to node \"extra\", which the top trace's graph lacks"),
                    related.warnings());
        }
    }

    @Test
    void warningsOfARelatedTraceNameItsFolder() throws IOException {
        Path top = tmp.resolve("run");
        write(top, manifest("top", List.of(Map.of("path", "every-2"))), true);
        Path sub = write(top.resolve("every-2"), manifest("every-2", null, "fc1.act", "fc1"), true);
        java.nio.file.Files.writeString(sub.resolve("journal.jsonl"), "{\"record\":0,\"iter", java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
        try (TraceReader reader = TraceReader.open(top); RelatedTraces related = RelatedTraces.open(reader)) {
            assertEquals(1, related.warnings().size(), related.warnings().toString());
            assertTrue(related.warnings().get(0).startsWith("every-2/journal.jsonl: the last line"), related.warnings().get(0));
            assertEquals(TraceStatus.LIVE, RelatedTraces.worse(reader.status(), related.status()));
        }
    }

    /** Issue 17, fault 8: a NUL in one related path costs that related trace only, not the whole trace. */
    @Test
    void aRelatedPathWithANulCharacterCostsOnlyThatRelatedTrace() throws IOException {
        Path top = tmp.resolve("run");
        write(top, manifest("top", List.of(Map.of("path", "every-2"), Map.of("path", "every\u00004"))), true);
        write(top.resolve("every-2"), manifest("every-2", null, "fc1.act", "fc1"), true);
        try (TraceReader reader = TraceReader.open(top); RelatedTraces related = RelatedTraces.open(reader)) {
            assertEquals(List.of("every-2"), related.readers().stream().map(related::pathOf).toList());
            assertEquals(List.of("manifest.json: related trace path 'every\\u00004' contains the control character U+0000; ignored"),
                    related.warnings());
        }
    }
}
