package org.trainscope.recorders.dl4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.NonFiniteOrigin;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceReader;

/**
 * The demo GANs on real Fashion-MNIST at the size the workbench tests record (2,048 images, 32
 * iterations of 64): one trace holds both networks, both optimizers and both losses; the stable
 * GAN stays finite and its generator's images change, the unstable one blows up in a named layer.
 */
class GanDemoTest {
    static final DemoSize SMALL = new DemoSize(2048, 100, 64, 8, 1);

    @TempDir
    Path tmp;

    @Test
    void ganTraceHoldsBothNetworksTheNoiseAndBothOptimizers() throws Exception {
        DemoResult r = DemoRuns.record(DemoKind.GAN, tmp, 42, SMALL, DemoRuns.dataDirectory(), null);
        assertEquals(32, r.iterations());
        assertTrue(r.anomaly().isEmpty(), "the stable GAN has no anomaly: " + r.anomaly());
        assertTrue(r.warnings().isEmpty(), "no recorder warnings: " + r.warnings());
        try (TraceReader top = TraceReader.open(r.trace()); TraceReader tensors = TraceReader.open(r.trace().resolve("every-10"))) {
            TraceManifest m = tensors.manifest();
            assertEquals("gan", m.modelType());
            Map<String, GraphNode> nodes = m.graph().nodes().stream().collect(Collectors.toMap(GraphNode::id, n -> n));
            GraphNode noise = nodes.get("input");
            assertEquals(TraceNodeKind.RANDOM_VARIABLE, noise.kind());
            assertEquals("normal", noise.op());
            assertEquals("probe.inputs", noise.attributes().get("probeNoise"));
            assertEquals(List.of("generator", "discriminator"), m.graph().layers().stream().map(l -> l.id()).toList());
            assertEquals("generator", nodes.get("generator.fc1").layer());
            assertEquals("discriminator", nodes.get("discriminator.out").layer());
            Set<String> layers = m.graph().nodes().stream().map(GraphNode::layer).collect(Collectors.toSet());
            assertEquals(Set.of("generator", "discriminator"), layers);
            // the data flow from the generator's images into the discriminator
            assertTrue(m.graph().edges().contains(new GraphEdge("generator.out.sigmoid", "discriminator.fc1")), m.graph().edges().toString());

            @SuppressWarnings("unchecked")
            Map<String, Object> gan = (Map<String, Object>) m.attributes().get("gan");
            assertEquals("generator.out.sigmoid", gan.get("generated"));
            assertEquals("generator.out.sigmoid.act", gan.get("generatedTensor"));
            assertEquals(List.of(8, 784), m.tensor("generator.out.sigmoid.act").orElseThrow().shape());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> optimizers = (List<Map<String, Object>>) m.attributes().get("optimizers");
            assertEquals(List.of("generator", "discriminator"), optimizers.stream().map(o -> o.get("name")).toList());
            for (Map<String, Object> o : optimizers) {
                assertEquals("Adam", o.get("type"));
                @SuppressWarnings("unchecked")
                Map<String, Object> settings = (Map<String, Object>) o.get("settings");
                assertEquals(5e-4, ((Number) settings.get("learningRate")).doubleValue(), 1e-12, settings.toString());
                assertEquals(0.5, ((Number) settings.get("beta1")).doubleValue(), 1e-12);
                assertEquals(0.999, ((Number) settings.get("beta2")).doubleValue(), 1e-12);
            }
            @SuppressWarnings("unchecked")
            List<Object> discriminatorParams = (List<Object>) optimizers.get(1).get("parameters");
            assertTrue(discriminatorParams.contains("discriminator.fc1.W") && !discriminatorParams.contains("generator.fc1.W"));

            // both losses, both learning rates, every iteration
            assertEquals(32, top.recordCount());
            for (int rec = 0; rec < 32; rec++) {
                double d = top.metric("loss").value(rec);
                double g = top.metric("generatorLoss").value(rec);
                assertTrue(Double.isFinite(d) && d > 0 && d < 10 && Double.isFinite(g) && g > 0 && g < 20,
                        "bounded losses at " + rec + ": D " + d + ", G " + g);
            }
            assertEquals(5e-4, top.metric("lr.discriminator").value(0), 1e-12);
            assertEquals(5e-4, top.metric("lr.generator").value(0), 1e-12);

            // each optimizer's gradients and the updates of its step
            for (String p : new String[] {"generator.fc1.W", "generator.out.W", "discriminator.fc1.W", "discriminator.out.W"}) {
                float[] grad = new float[length(m, p)];
                float[] update = new float[grad.length];
                tensors.readRecord(p + ".grad", 1, grad);
                tensors.readRecord(p + ".update", 1, update);
                assertTrue(maxAbs(grad) > 0, p + ": its optimizer's gradient is recorded");
                assertTrue(maxAbs(update) > 0, p + ": changes at its network's step");
            }

            // the generated images change during training
            float[] first = new float[8 * 784];
            float[] last = new float[8 * 784];
            tensors.readRecord("generator.out.sigmoid.act", 0, first);
            tensors.readRecord("generator.out.sigmoid.act", tensors.recordCount() - 1, last);
            double change = 0;
            for (int i = 0; i < first.length; i++) {
                change += Math.abs(first[i] - last[i]);
            }
            System.out.println("gan: D loss " + top.metric("loss").value(0) + " -> " + top.metric("loss").value(31)
                    + ", G loss " + top.metric("generatorLoss").value(0) + " -> " + top.metric("generatorLoss").value(31)
                    + ", mean |change| of generated pixels " + change / first.length);
            assertTrue(change / first.length > 0.01, "the samples change: " + change / first.length);
            assertTrue(top.firstNonFinite().isEmpty(), "the stable GAN stays finite");
        }
    }

    @Test
    void unstableGanBlowsUpInTheDiscriminator() throws Exception {
        DemoResult r = DemoRuns.record(DemoKind.GAN_UNSTABLE, tmp, 42, SMALL, DemoRuns.dataDirectory(), null);
        assertTrue(r.anomaly().isPresent(), "the unstable GAN stops on an anomaly");
        assertTrue(r.iterations() < 32, "stopped early: " + r.iterations());
        try (TraceReader top = TraceReader.open(r.trace())) {
            assertUpdatesSpanBothSteps(top, 0);
            StringBuilder losses = new StringBuilder();
            for (int rec = 0; rec < top.recordCount(); rec++) {
                float[] w = new float[256 * 64];
                top.readRecord("discriminator.fc2.W", rec, w);
                losses.append(String.format(java.util.Locale.ROOT, "%n %d: D %.4g G %.4g max|W fc2| %.4g", top.iteration(rec),
                        top.metric("loss").value(rec), top.metric("generatorLoss").value(rec), maxAbs(w)));
            }
            System.out.println("gan-unstable:" + losses);
            NonFiniteOrigin origin = top.firstNonFinite().orElseThrow(() -> new AssertionError("no NaN/Inf origin"));
            System.out.println("gan-unstable first NaN/Inf: " + origin.describe() + ", anomaly " + r.anomaly().get());
            GraphNode node = top.manifest().graph().nodes().stream().filter(n -> n.id().equals(origin.node())).findFirst().orElseThrow();
            assertTrue(Set.of("generator", "discriminator").contains(node.layer()), origin.node());
            // SGD 0.1 on the least-squares discriminator: its loss goes 167, 61, 1.1e12 (still finite,
            // recorded with every tensor), the generator's loss on that discriminator 1.5e12 and then
            // infinite at iteration 3, and its gradient at the generator's output with it; NaN from 4 on
            assertEquals(NonFiniteOrigin.Direction.BACKWARD, origin.direction());
            assertEquals("generator.out", origin.node());
            assertEquals(3, origin.iteration());
            int blowUp = top.recordOf(3);
            double finiteBlowUp = top.metric("loss").value(blowUp);
            assertTrue(Double.isFinite(finiteBlowUp) && finiteBlowUp > 1e9, "a still-finite blow-up: " + finiteBlowUp);
            float[] w = new float[256 * 64];
            top.readRecord("discriminator.fc2.W", blowUp, w);
            assertTrue(maxAbs(w) > 50, "the discriminator's weights at the blow-up are recorded: " + maxAbs(w));
            assertEquals(4, r.anomaly().get().iteration(), "the discriminator's loss is NaN at iteration 4");
            assertFalse(r.warnings().stream().anyMatch(warning -> warning.contains("failed")), r.warnings().toString());
        }
    }

    /** weight(i) + update(i) = weight(i + 1) for both networks: the update spans both steps. */
    static void assertUpdatesSpanBothSteps(TraceReader trace, int rec) throws java.io.IOException {
        for (String p : new String[] {"generator.out.W", "discriminator.fc2.W"}) {
            int n = length(trace.manifest(), p);
            float[] w0 = new float[n];
            float[] u0 = new float[n];
            float[] w1 = new float[n];
            trace.readRecord(p, rec, w0);
            trace.readRecord(p + ".update", rec, u0);
            trace.readRecord(p, rec + 1, w1);
            double worst = 0;
            for (int i = 0; i < n; i++) {
                worst = Math.max(worst, Math.abs(w0[i] + u0[i] - w1[i]) / (1e-6 + Math.abs(w1[i])));
            }
            assertTrue(maxAbs(u0) > 0 && worst < 1e-4, p + ": weight + update = next weight (worst relative error " + worst + ")");
        }
    }

    private static int length(TraceManifest m, String tensor) {
        return m.tensor(tensor).orElseThrow().shape().stream().mapToInt(Integer::intValue).reduce(1, (x, y) -> x * y);
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
