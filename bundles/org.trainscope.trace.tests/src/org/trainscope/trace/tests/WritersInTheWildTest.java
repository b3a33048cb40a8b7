package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.trace.DType;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceMetricSeries;
import org.trainscope.trace.NonFiniteOrigin;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;
import org.trainscope.trace.TraceWriter;

/**
 * What writers really write (docs/trace-format.md §7, §7.1, §8): Python's default {@code NaN}
 * words, metrics the manifest forgot, and the note where NaN/Inf first appeared. None of them may
 * cost the records that carry them.
 */
class WritersInTheWildTest {
    @TempDir
    Path tmp;

    @Test
    void bareNanAndInfinityWordsAreReadInJournalAndManifest() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 6);
        Path journal = dir.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(journal);
        lines.set(2, lines.get(2).replaceFirst("\"loss\":[^,}]*", "\"loss\":NaN"));
        lines.set(3, lines.get(3).replaceFirst("\"loss\":[^,}]*", "\"loss\":Infinity"));
        lines.set(4, lines.get(4).replaceFirst("\"loss\":[^,}]*", "\"loss\": -Infinity"));
        Files.write(journal, lines);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"lr\": 0.01", "\"lr\": NaN"));
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount(), r.warnings().toString());
            assertEquals(List.of(), r.warnings());
            assertEquals(TraceStatus.CLOSED, r.status());
            TraceMetricSeries loss = r.metric("loss");
            assertTrue(Double.isNaN(loss.value(2)) && loss.has(2));
            assertEquals(Double.POSITIVE_INFINITY, loss.value(3));
            assertEquals(Double.NEGATIVE_INFINITY, loss.value(4));
            assertEquals(1.0 / 6, loss.value(5));
            assertTrue(Double.isNaN((Double) r.manifest().attributes().get("lr")));
        }
    }

    @Test
    void anUndeclaredMetricKeepsItsRecordsWithOneWarning() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 8);
        Path journal = dir.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(journal);
        for (int i = 3; i < 8; i++) {
            lines.set(i, lines.get(i).replace("\"metrics\":{", "\"metrics\":{\"gradNorm\":" + i + ",")
                    .replace("\"loss\":", i >= 5 ? "\"kl\":1,\"loss\":" : "\"loss\":"));
        }
        Files.write(journal, lines);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(8, r.recordCount());
            assertEquals(TraceStatus.CLOSED, r.status());
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertEquals("journal.jsonl: metrics the manifest does not declare are ignored, their records kept: "
                    + "\"gradNorm\" (from line 4), \"kl\" (from line 6)", r.warnings().get(0));
            assertEquals(1.0 / 8, r.metric("loss").value(7)); // the declared ones are all there
        }
    }

    @Test
    void theWritersNoteNamesTheFirstNonFiniteValue() throws IOException {
        Path dir = TraceFixtures.write(tmp.resolve("t"), DType.FLOAT32, 4, 6);
        Path journal = dir.resolve("journal.jsonl");
        List<String> lines = Files.readAllLines(journal);
        lines.set(1, lines.get(1).replace("{\"record\":1,", "{\"record\":1,\"firstNonFinite\":7,"));
        lines.set(3, lines.get(3).replace("{\"record\":3,",
                "{\"record\":3,\"firstNonFinite\":{\"iteration\":33,\"direction\":\"backward\",\"node\":\"fc1\"},"));
        lines.set(4, lines.get(4).replace("{\"record\":4,",
                "{\"record\":4,\"firstNonFinite\":{\"direction\":\"forward\",\"node\":\"x\"},"));
        Files.write(journal, lines);
        try (TraceReader r = TraceReader.open(dir)) {
            assertEquals(6, r.recordCount()); // a broken note costs only itself
            assertEquals(new NonFiniteOrigin(33, NonFiniteOrigin.Direction.BACKWARD, "fc1", true), r.firstNonFinite().orElseThrow());
            assertEquals(List.of("journal.jsonl: line 2: \"firstNonFinite\" must be an object, found an integer (7); "
                    + "the note is ignored, the record kept"), r.warnings());
        }
    }

    @Test
    void withoutANoteTheOriginComesFromThePerNodeCounts() throws IOException {
        TraceManifest base = TraceFixtures.manifest(DType.FLOAT32, 4);
        List<MetricInfo> metrics = List.of(new MetricInfo("loss", null), new MetricInfo("nonfinite.forward", null),
                new MetricInfo("nonfinite.backward", null), new MetricInfo("nonfinite.forward.x", null),
                new MetricInfo("nonfinite.forward.fc1", null), new MetricInfo("nonfinite.backward.fc1", null),
                new MetricInfo("nonfinite.backward.x", null));
        TraceManifest m = new TraceManifest("counts", "mlp", Map.of(), base.graph(), List.of(), metrics, null, List.of(), null);
        int[][] counts = {{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 2, 5}, {0, 9, 9, 9}}; // fwd.x, fwd.fc1, bwd.fc1, bwd.x
        try (TraceWriter w = TraceWriter.create(tmp.resolve("c"), m)) {
            for (int r = 0; r < counts.length; r++) {
                w.beginRecord(r * 10L);
                w.putMetric("loss", 1);
                int fwd = counts[r][0] + counts[r][1];
                int bwd = counts[r][2] + counts[r][3];
                w.putMetric("nonfinite.forward", fwd);
                w.putMetric("nonfinite.backward", bwd);
                if (fwd + bwd > 0) { // per-node counts only where a total is non-zero (§7.1)
                    w.putMetric("nonfinite.forward.x", counts[r][0]);
                    w.putMetric("nonfinite.forward.fc1", counts[r][1]);
                    w.putMetric("nonfinite.backward.fc1", counts[r][2]);
                    w.putMetric("nonfinite.backward.x", counts[r][3]);
                }
                w.commit();
                if (r == 1) {
                    try (TraceReader early = TraceReader.open(tmp.resolve("c"))) {
                        assertFalse(early.firstNonFinite().isPresent());
                    }
                }
            }
        }
        try (TraceReader r = TraceReader.open(tmp.resolve("c"))) {
            // record 2: the forward is finite, the gradient at fc1 (listed first for backward) is not
            assertEquals(new NonFiniteOrigin(20, NonFiniteOrigin.Direction.BACKWARD, "fc1", false), r.firstNonFinite().orElseThrow());
        }
    }
}
