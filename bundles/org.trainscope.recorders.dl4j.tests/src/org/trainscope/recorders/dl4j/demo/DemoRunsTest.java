package org.trainscope.recorders.dl4j.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceReader;

/** The demo code path on a small generated Fashion-MNIST look-alike. */
class DemoRunsTest {
    private static final DemoSize TINY = new DemoSize(320, 100, 32, 10, 1);

    @TempDir
    Path tmp;

    @Test
    void mlpDemoIsRecordedDeterministicallyWithBatchIndicesAndAccuracy() throws Exception {
        Path data = IdxFiles.fakeFashionMnist(tmp.resolve("data"), 500, 100, 7);
        DemoResult a = DemoRuns.record(DemoKind.MLP, tmp.resolve("a"), 11, TINY, data, new NullProgressMonitor());
        DemoResult b = DemoRuns.record(DemoKind.MLP, tmp.resolve("b"), 11, TINY, data, null);
        assertEquals(10, a.iterations());
        assertTrue(a.testAccuracy() > 0.5, "learns the bands: " + a.testAccuracy());
        assertTrue(a.traceBytes() > 0);
        try (TraceReader ra = TraceReader.open(a.trace()); TraceReader rb = TraceReader.open(b.trace())) {
            assertEquals(10, ra.recordCount());
            assertEquals(a.testAccuracy(), ra.metric(DemoRuns.TEST_ACCURACY).value(9), 1e-12);
            long[] batch = new long[32];
            assertEquals(32, ra.readBatch(3, batch));
            for (long index : batch) {
                assertTrue(index >= 0 && index < 500, "an index into the training file: " + index);
            }
            long[] other = new long[32];
            rb.readBatch(3, other);
            assertArrayEquals(batch, other, "same seed, same batches");
            assertEquals(ra.metric("loss").value(9), rb.metric("loss").value(9), 0.0, "same seed, same training");
        }
        try (TraceReader tensors = TraceReader.open(a.trace().resolve("every-10"))) {
            assertEquals(1, tensors.recordCount());
            assertEquals(java.util.List.of(10, 128), tensors.manifest().tensor("dense0.relu.act").orElseThrow().shape());
            assertEquals(10, tensors.readArrayLongs("probe.labels").length);
        }
    }

    @Test
    void cnnDemoHasConvolutionAndPoolingNodes() throws Exception {
        Path data = IdxFiles.fakeFashionMnist(tmp.resolve("data"), 200, 50, 7);
        DemoResult r = DemoRuns.record(DemoKind.CNN_SHALLOW, tmp, 3, new DemoSize(64, 50, 32, 4, 1), data, null);
        try (TraceReader reader = TraceReader.open(r.trace().resolve("every-10"))) {
            Map<String, String> ops = reader.manifest().graph().nodes().stream()
                    .filter(n -> n.op() != null).collect(Collectors.toMap(GraphNode::id, GraphNode::op));
            assertEquals("conv2d", ops.get("conv2d0"));
            assertEquals("maxpool", ops.get("maxpool1"));
            assertEquals("flatten", ops.get("dense2.flatten"));
            assertEquals("cnn", reader.manifest().modelType());
            assertEquals(java.util.List.of(4, 16, 24, 24), reader.manifest().tensor("conv2d0.relu.act").orElseThrow().shape());
            assertEquals(java.util.List.of(16, 1, 5, 5), reader.manifest().tensor("conv2d0.W").orElseThrow().shape());
        }
    }

    @Test
    void vaeDemoRecordsZAsARandomVariableWithMeanAndLogVariance() throws Exception {
        Path data = IdxFiles.fakeFashionMnist(tmp.resolve("data"), 200, 50, 7);
        DemoResult r = DemoRuns.record(DemoKind.VAE_FIXED, tmp, 3, new DemoSize(96, 50, 32, 6, 1), data, null);
        assertEquals(3, r.iterations());
        assertTrue(r.anomaly().isEmpty());
        try (TraceReader reader = TraceReader.open(r.trace().resolve("every-10"))) {
            GraphNode zNode = reader.manifest().graph().nodes().stream().filter(n -> n.id().equals("z")).findFirst().orElseThrow();
            assertEquals(TraceNodeKind.RANDOM_VARIABLE, zNode.kind());
            assertEquals("normal", zNode.op());
            assertEquals("vae", reader.manifest().modelType());
            assertTrue(reader.manifest().graph().edges().stream().anyMatch(e -> e.from().equals("logvar") && e.to().equals("z")));
            for (String t : new String[] {"mu.act", "logvar.act", "z.act"}) {
                assertEquals(java.util.List.of(6, 32), reader.manifest().tensor(t).orElseThrow().shape(), t);
            }
            float[] mu = new float[6 * 32];
            float[] logvar = new float[6 * 32];
            float[] z = new float[6 * 32];
            reader.readRecord("mu.act", 0, mu);
            reader.readRecord("logvar.act", 0, logvar);
            reader.readRecord("z.act", 0, z);
            boolean differs = false;
            for (int i = 0; i < z.length; i++) {
                assertTrue(Float.isFinite(z[i]));
                differs |= Math.abs(z[i] - mu[i]) > 1e-4;
            }
            assertTrue(differs, "z is a sample around mu, not mu itself");
        }
        try (TraceReader params = TraceReader.open(r.trace().resolve("every-50"))) {
            assertTrue(params.manifest().tensor("e0.W.grad").isPresent());
            assertTrue(params.manifest().tensor("pXZ.W").isPresent());
            assertEquals(java.util.List.of(784, 256), params.manifest().tensor("e0.W").orElseThrow().shape());
        }
    }

    @Test
    void cancellingClosesTheTraceAndThrows() throws Exception {
        Path data = IdxFiles.fakeFashionMnist(tmp.resolve("data"), 200, 50, 7);
        NullProgressMonitor monitor = new NullProgressMonitor();
        monitor.setCanceled(true);
        assertThrows(OperationCanceledException.class,
                () -> DemoRuns.record(DemoKind.MLP, tmp, 3, TINY, data, monitor));
        assertFalse(java.nio.file.Files.exists(tmp.resolve("mlp").resolve("manifest.json")),
                "cancelled before the first iteration: no trace was started");
    }

    @Test
    void cnnDemoSaysHowItsInputIsLaidOutAndHowItPads() throws Exception {
        Path data = IdxFiles.fakeFashionMnist(tmp.resolve("data"), 200, 50, 7);
        DemoResult r = DemoRuns.record(DemoKind.CNN_DEEP, tmp, 3, new DemoSize(64, 50, 32, 4, 1), data, null);
        try (TraceReader reader = TraceReader.open(r.trace())) {
            Map<String, GraphNode> nodes = reader.manifest().graph().nodes().stream()
                    .collect(Collectors.toMap(GraphNode::id, n -> n));
            assertEquals(java.util.List.of(784), reader.manifest().array("probe.inputs").orElseThrow().shape().subList(1, 2),
                    "the probe rows are flat pixels");
            GraphNode reshape = nodes.get("conv2d0.reshape");
            assertEquals("reshape", reshape.op());
            assertEquals(java.util.List.of(1L, 28L, 28L), reshape.attributes().get("shape"), "per-sample NCHW shape");
            assertEquals(java.util.List.of(0L, 0L), nodes.get("conv2d0").attributes().get("padding"), "truncate mode");
            assertEquals("same", nodes.get("conv2d4").attributes().get("padding"), "3x3 in Same mode pads to keep 4x4");
            assertEquals("Same", nodes.get("conv2d4").attributes().get("convolutionMode"));
        }
    }

    @Test
    void vaeDemoStoresTheProbeNoiseThatMakesZ() throws Exception {
        Path data = IdxFiles.fakeFashionMnist(tmp.resolve("data"), 200, 50, 7);
        DemoResult r = DemoRuns.record(DemoKind.VAE_UNSTABLE, tmp, 3, new DemoSize(160, 50, 32, 6, 1), data, null);
        try (TraceReader reader = TraceReader.open(r.trace().resolve("every-4"))) {
            GraphNode z = reader.manifest().graph().nodes().stream().filter(n -> n.id().equals("z")).findFirst().orElseThrow();
            assertEquals("probe.noise.z", z.attributes().get("probeNoise"));
            assertEquals(java.util.List.of(6, 32), reader.manifest().array("probe.noise.z").orElseThrow().shape());
            float[] eps = reader.readArrayFloats("probe.noise.z");
            GraphNode xhat = reader.manifest().graph().nodes().stream().filter(n -> n.id().equals("xhat")).findFirst()
                    .orElseThrow();
            assertEquals("gaussian", xhat.op());
            assertEquals("identity", xhat.attributes().get("activation"));
            assertTrue(reader.recordCount() >= 2);
            float[] mu = new float[6 * 32];
            float[] logvar = new float[6 * 32];
            float[] zv = new float[6 * 32];
            for (int record = 0; record < reader.recordCount(); record++) {
                reader.readRecord("mu.act", record, mu);
                reader.readRecord("logvar.act", record, logvar);
                reader.readRecord("z.act", record, zv);
                for (int i = 0; i < zv.length; i++) {
                    double expected = mu[i] + Math.exp(logvar[i] / 2) * eps[i];
                    if (Double.isFinite(expected)) {
                        assertEquals(expected, zv[i], 1e-4 * Math.max(1, Math.abs(expected)),
                                "z = mu + exp(logvar / 2) eps with the stored noise, record " + record);
                    }
                }
            }
        }
        try (TraceReader top = TraceReader.open(r.trace())) {
            assertTrue(top.manifest().array("probe.noise.z").isPresent(), "every trace of the run holds the noise");
        }
    }
}
