package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.BatchInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.ProbeInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceWriter;

class TraceRunAdapterTest {
    private final TraceRunAdapter adapter = new TraceRunAdapter();

    static TraceManifest manifest() {
        return new TraceManifest("demo", "vae", Map.of(),
                new TraceGraph(List.of(new LayerGroup("encoder", "Encoder"), new LayerGroup("latent", null)),
                        List.of(new GraphNode("x", org.trainscope.trace.TraceNodeKind.OPERATOR, "input", "encoder"),
                                new GraphNode("fc1", org.trainscope.trace.TraceNodeKind.OPERATOR, "dense", null, "encoder", Map.of("units", 3L)),
                                new GraphNode("fc1.W", org.trainscope.trace.TraceNodeKind.PARAMETER, null, "encoder"),
                                new GraphNode("z", org.trainscope.trace.TraceNodeKind.RANDOM_VARIABLE, "normal", "latent")),
                        List.of(new GraphEdge("x", "fc1"), new GraphEdge("fc1.W", "fc1"), new GraphEdge("fc1", "z"))),
                List.of(new TensorInfo("fc1.act", "fc1", org.trainscope.trace.TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(2, 3), 2)),
                List.of(new MetricInfo("loss", null)),
                new BatchInfo(3, 4),
                List.of(new ArrayInfo("probe.x", DType.FLOAT32, List.of(2, 2)), new ArrayInfo("probe.y", DType.INT64, List.of(2))),
                new ProbeInfo("probe.x", "probe.y"));
    }

    static float value(int record, int neuron) {
        return record * 10 + neuron;
    }

    /** Writes {@code records} records; record 1 holds NaN and infinities. */
    static TraceWriter write(Path dir, int records) throws IOException {
        TraceWriter w = TraceWriter.create(dir, manifest());
        w.writeArray("probe.x", new float[] {1, 2, 3, 4});
        w.writeArray("probe.y", new long[] {7, 9});
        for (int r = 0; r < records; r++) {
            append(w, r);
        }
        return w;
    }

    static void append(TraceWriter w, int r) throws IOException {
        w.beginRecord(r * 100L);
        float[] row = new float[6];
        for (int j = 0; j < 6; j++) {
            row[j] = value(r, j);
        }
        if (r == 1) {
            row[0] = Float.NaN;
            row[1] = Float.POSITIVE_INFINITY;
            row[2] = Float.NEGATIVE_INFINITY;
        }
        w.putTensor("fc1.act", row);
        w.putMetric("loss", r == 2 ? Double.NaN : 1.0 / (r + 1));
        w.putBatch(new long[] {r, r + 1});
        w.commit();
    }

    @Test
    void opensATraceWithGraphTensorsMetricsProbeAndBatches(@TempDir Path dir) throws IOException {
        write(dir, 5).close();
        assertEquals(IRunAdapter.CERTAIN, adapter.validate(dir));
        assertEquals(IRunAdapter.CERTAIN, adapter.validate(dir.resolve("manifest.json")));
        try (Run run = adapter.open(dir.resolve("manifest.json"), new NullProgressMonitor())) {
            assertEquals("demo", run.name());
            assertEquals("vae", run.modelTypeId());
            assertEquals(NodeKind.RANDOM_VARIABLE, run.graph().node("z").orElseThrow().kind());
            assertEquals(NodeKind.PARAMETER, run.graph().node("fc1.W").orElseThrow().kind());
            assertEquals("dense", run.graph().node("fc1").orElseThrow().operatorType());
            assertEquals("3", run.graph().node("fc1").orElseThrow().attributes().get("units"));
            assertEquals(List.of("encoder", "latent"), List.copyOf(run.graph().layerGroups().keySet()));

            TensorSeries act = run.tensor("fc1.act").orElseThrow();
            assertEquals(TensorKind.ACTIVATION, act.kind());
            assertArrayEquals(new int[] {2, 3}, act.shape());
            assertArrayEquals(new long[] {0, 100, 200, 300, 400}, act.iterations());
            float[] poly = new float[5];
            act.readPolyline(4, 0, 5, poly);
            assertArrayEquals(new float[] {4, 14, 24, 34, 44}, poly);
            float[] snap = new float[6];
            act.readSnapshot(1, snap);
            assertTrue(Float.isNaN(snap[0]));
            assertEquals(Float.POSITIVE_INFINITY, snap[1]);
            assertEquals(Float.NEGATIVE_INFINITY, snap[2]);
            float[] block = new float[2 * 2];
            act.readPolylines(4, 2, 3, 5, block);
            assertArrayEquals(new float[] {34, 44, 35, 45}, block);

            MetricSeries loss = run.metric("loss").orElseThrow();
            assertEquals(5, loss.size());
            assertTrue(Double.isNaN(loss.values()[2]));
            assertEquals(200, loss.firstNonFiniteIteration());

            float[] probe = new float[4];
            run.probeInputs().orElseThrow().readSnapshot(0, probe);
            assertArrayEquals(new float[] {1, 2, 3, 4}, probe);
            float[] probeBlock = new float[3];
            run.probeInputs().orElseThrow().readPolylines(1, 3, 0, 1, probeBlock); // one read for the block
            assertArrayEquals(new float[] {2, 3, 4}, probeBlock);
            assertArrayEquals(new int[] {7, 9}, run.probeLabels());
            assertArrayEquals(new int[] {3, 4}, run.batchIndices(300));
            assertArrayEquals(new int[0], run.batchIndices(301));
            assertTrue(run.warnings().isEmpty(), () -> run.warnings().toString());
        }
    }

    @Test
    void refreshSeesRecordsAppendedByALiveWriter(@TempDir Path dir) throws IOException {
        try (TraceWriter w = write(dir, 2); Run run = adapter.open(dir, new NullProgressMonitor())) {
            assertEquals(2, run.tensors().get(0).iterationCount());
            assertTrue(run.recordingStatus().orElseThrow().startsWith("live"), run.recordingStatus().toString());
            assertTrue(run.firstNonFiniteOrigin().isEmpty(), "no NaN/Inf counted");
            assertFalse(run.refresh());
            append(w, 2);
            append(w, 3);
            assertTrue(run.refresh());
            assertEquals(4, run.tensors().get(0).iterationCount());
            assertEquals(4, run.metric("loss").orElseThrow().size());
        }
    }

    /** The open looks at the monitor after the top trace is read: a cancel then is a cancel, not a failure. */
    @Test
    void openingHonoursCancel(@TempDir Path dir) throws IOException {
        write(dir, 3).close();
        HostileInputTest.CancelAfter monitor = new HostileInputTest.CancelAfter(1);
        assertThrows(org.eclipse.core.runtime.OperationCanceledException.class, () -> adapter.open(dir, monitor).close());
        assertEquals(2, monitor.queries);
    }

    @Test
    void aWriterThatDiedMidChunkIsAWarningNotAnError(@TempDir Path dir) throws IOException {
        write(dir, 3).abandon();
        Path chunk = dir.resolve("tensors/fc1.act/chunk-000001.npy");
        try (FileChannel c = FileChannel.open(chunk, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 5); // record 2's row loses its tail
        }
        try (Run run = adapter.open(dir, new NullProgressMonitor())) {
            assertEquals(2, run.tensors().get(0).iterationCount());
            assertFalse(run.warnings().isEmpty());
        }
    }

    @Test
    void foreignDataIsNotMineAndValidateNeverThrows(@TempDir Path dir) throws IOException {
        assertEquals(0, adapter.validate(dir));
        assertEquals(0, adapter.validate(dir.resolve("missing")));
        Files.writeString(dir.resolve("manifest.json"), "{\"name\": \"some web app\"}");
        assertTrue(adapter.validate(dir) < 50);
        assertEquals(0, adapter.validate(Fixtures.data("numpy/activations.npy")));
    }

    @Test
    void aDirectoryThatIsNotATraceIsAClearError(@TempDir Path dir) {
        Fixtures.assertOpenFails(adapter, dir, "no manifest.json");
    }

    @Test
    void aManifestFieldOfTheWrongTypeIsNamed(@TempDir Path dir) throws IOException {
        write(dir, 1).close();
        Path m = dir.resolve("manifest.json");
        String text = Files.readString(m).replace("\"formatVersion\":1", "\"formatVersion\":\"1\"")
                .replace("\"formatVersion\": 1", "\"formatVersion\": \"1\"");
        Files.writeString(m, text);
        IOException e = Fixtures.assertOpenFails(adapter, dir);
        assertTrue(e.getMessage().contains("manifest.json"), e.getMessage());
        assertTrue(e.getMessage().contains("formatVersion"), e.getMessage());
    }

    @Test
    void aCyclicGraphIsRejected(@TempDir Path dir) throws IOException {
        write(dir, 1).close();
        Path m = dir.resolve("manifest.json");
        String text = Files.readString(m, StandardCharsets.UTF_8);
        String cyclic = text.replaceFirst("\"edges\"\\s*:\\s*\\[", "\"edges\":[{\"from\":\"z\",\"to\":\"x\"},");
        assertFalse(cyclic.equals(text));
        Files.writeString(m, cyclic);
        IOException e = Fixtures.assertOpenFails(adapter, dir);
        assertTrue(e.getMessage().toLowerCase().contains("cycl"), e.getMessage());
    }
}
