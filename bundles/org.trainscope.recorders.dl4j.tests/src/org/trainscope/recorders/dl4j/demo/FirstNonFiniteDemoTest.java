package org.trainscope.recorders.dl4j.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceMetricSeries;
import org.trainscope.trace.NonFiniteOrigin;
import org.trainscope.trace.TraceReader;

/**
 * "Where the first NaN starts" on the demo VAE that blows up (real Fashion-MNIST, 4,096 images):
 * the recorder's NaN/Inf counts and its firstNonFinite note (trace format §7.1).
 */
class FirstNonFiniteDemoTest {
    @TempDir
    Path tmp;

    @Test
    void unstableVaeNamesTheLayerWhereTheExplosionStarts() throws Exception {
        DemoResult r = DemoRuns.record(DemoKind.VAE_UNSTABLE, tmp, 42, new DemoSize(4096, 100, 64, 8, 1),
                DemoRuns.dataDirectory(), null);
        try (TraceReader top = TraceReader.open(r.trace())) {
            NonFiniteOrigin origin = top.firstNonFinite().orElseThrow(() -> new AssertionError("no NaN/Inf origin"));
            assertTrue(origin.noted(), "the recorder writes the firstNonFinite note");
            int first = top.recordOf(origin.iteration());
            assertTrue(first >= 0, "the origin's iteration is recorded in the top trace");
            TraceMetricSeries forward = top.metric("nonfinite.forward");
            TraceMetricSeries backward = top.metric("nonfinite.backward");
            for (int rec = 0; rec < first; rec++) {
                assertEquals(0, forward.value(rec), "no NaN/Inf in any output before record " + first);
                assertEquals(0, backward.value(rec), "no NaN/Inf in any gradient before record " + first);
                assertTrue(Double.isFinite(top.metric("loss").value(rec)), "loss finite before the origin");
            }
            Map<String, Double> counts = new LinkedHashMap<>();
            for (MetricInfo m : top.manifest().metrics()) {
                if (m.name().startsWith("nonfinite.") && top.metric(m.name()).has(first)) {
                    counts.put(m.name(), top.metric(m.name()).value(first));
                }
            }
            System.out.println("first NaN/Inf: " + origin.describe() + "; counts there: " + counts);
            String metric = "nonfinite." + origin.direction().jsonName() + "." + origin.node();
            assertTrue(counts.getOrDefault(metric, 0.0) > 0, metric + " counts the origin");
            // The Gaussian reconstruction's loss divides by exp(log variance) per pixel; with Adam 1e-2
            // and no clipping pXZ drives the log variance of near-constant pixels down until the
            // gradient at pXZ overflows, while the forward of that iteration is still finite. From
            // there the non-finite gradient flows back through the decoder, z's heads and the encoder.
            assertEquals(NonFiniteOrigin.Direction.BACKWARD, origin.direction());
            assertEquals("pXZ", origin.node());
            assertEquals(0, forward.value(first), "the forward of the origin's iteration is finite");
            for (String downstream : new String[] {"d0", "mu", "logvar", "e0"}) {
                assertTrue(counts.getOrDefault("nonfinite.backward." + downstream, 0.0) > 0,
                        "the non-finite gradient reaches " + downstream + " in the same backward");
            }
            try (TraceReader every4 = TraceReader.open(r.trace().resolve("every-4"))) {
                assertEquals(origin, every4.firstNonFinite().orElseThrow(), "every trace of the run carries the note");
            }
            String anomaly = java.nio.file.Files.readString(r.trace().resolve("anomaly.json"));
            assertTrue(anomaly.contains("\"firstNonFinite\": {\"iteration\": 14, \"direction\": \"backward\", \"node\": \"pXZ\"}"),
                    anomaly);
        }
    }
}
