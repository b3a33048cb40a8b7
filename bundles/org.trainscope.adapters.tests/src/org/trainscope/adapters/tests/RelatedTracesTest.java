package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.DType;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceWriter;

/**
 * Both recorders put kinds recorded at a coarser interval (weights every 10 iterations, say) into
 * related traces in sub-folders; a run must show their tensors with their own iterations.
 */
class RelatedTracesTest {
    @TempDir
    Path dir;

    private static TraceManifest main(List<Map<String, Object>> related) {
        TraceManifest base = TraceRunAdapterTest.manifest();
        return new TraceManifest("main", "mlp", Map.of("relatedTraces", related), base.graph(), List.of(),
                List.of(new MetricInfo("loss", null)), null, List.of(), null);
    }

    private static TraceManifest coarse() {
        TraceManifest base = TraceRunAdapterTest.manifest();
        return new TraceManifest("every-2", "mlp", Map.of(), base.graph(),
                List.of(new TensorInfo("fc1.W", "fc1.W", org.trainscope.trace.TraceTensorKind.WEIGHT, DType.FLOAT32,
                        List.of(3), 4)),
                List.of(), null, List.of(), null);
    }

    @Test
    void tensorsOfRelatedTracesBelongToTheRun() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir, main(List.of(Map.of("every", 2L, "path", "every-2"))))) {
            for (int i = 0; i < 6; i++) {
                w.beginRecord(i);
                w.putMetric("loss", 1.0 / (i + 1));
                w.commit();
            }
        }
        try (TraceWriter w = TraceWriter.create(dir.resolve("every-2"), coarse())) {
            for (int i = 0; i < 6; i += 2) {
                w.beginRecord(i);
                w.putTensor("fc1.W", new float[] { i, i + 0.5f, Float.NaN });
                w.commit();
            }
        }
        try (Run run = new TraceRunAdapter().open(dir, new NullProgressMonitor())) {
            assertEquals(6, run.metric("loss").orElseThrow().size());
            TensorSeries weights = run.tensor("fc1.W").orElseThrow();
            assertArrayEquals(new long[] { 0, 2, 4 }, weights.iterations());
            float[] polyline = new float[3];
            weights.readPolyline(1, 0, 3, polyline);
            assertArrayEquals(new float[] { 0.5f, 2.5f, 4.5f }, polyline);
            assertTrue(run.warnings().isEmpty(), run.warnings().toString());
        }
    }

    @Test
    void aRelatedPathOutsideTheTraceIsRefusedAndAMissingOneIsAWarning() throws IOException {
        try (TraceWriter w = TraceWriter.create(dir.resolve("t"), main(List.of(Map.of("path", "../escape"),
                Map.of("path", "every-10"))))) {
            w.beginRecord(0);
            w.putMetric("loss", 1);
            w.commit();
        }
        try (Run run = new TraceRunAdapter().open(dir.resolve("t"), new NullProgressMonitor())) {
            assertEquals(1, run.metric("loss").orElseThrow().size());
            assertTrue(run.tensors().isEmpty());
            String warnings = run.warnings().toString();
            assertTrue(warnings.contains("leaves the trace folder"), warnings);
            assertTrue(warnings.contains("every-10"), warnings);
        }
    }
}
