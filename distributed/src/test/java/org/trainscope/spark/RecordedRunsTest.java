package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.TraceReader;

/**
 * Real runs: the PyTorch recorder's workbench runs (recorders/python/tests/make_workbench_runs.py:
 * a CNN, a VAE and a GAN trained on Fashion-MNIST, and a GAN whose weights explode into Inf and
 * NaN), recorded small, reduced whole (the top trace and its related trace every-4 that holds the
 * tensors), and opened with the desktop's trace adapter as one run; the tensor summaries the job
 * writes are found by the desktop opening the original run.
 */
class RecordedRunsTest {
    @TempDir
    static Path tmp;
    static Path runs;

    @BeforeAll
    static void record() throws Exception {
        runs = tmp.resolve("pytorch");
        Path script = Path.of("../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), runs.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS), "recording timed out");
        assertEquals(0, p.exitValue(), log);
    }

    static ReduceJob.Report reduce(String run, Path out) throws Exception {
        // k-means (many small Spark jobs per tensor) only on the CNN, whose convolutions CNNVis clusters
        int k = run.equals("cnn") ? 4 : 0;
        ReduceOptions o = new ReduceOptions(0.05, 0, 1, 32, 2.0, 0, 64L << 20, List.of(), k, 20, -1, 2048);
        return ReduceJob.run(SparkTests.context(), runs.resolve(run).toString(), out.toString(), o);
    }

    @Test
    void cnnVaeAndGanReduceAndOpenAsOneRunWithTheirRelatedTrace() throws Exception {
        for (String run : List.of("cnn", "vae", "gan")) {
            Path out = tmp.resolve("reduced-" + run);
            ReduceJob.Report report = reduce(run, out);
            assertEquals(1, report.related().size(), run);
            ReduceJob.Report every4 = report.related().get(0);
            System.out.printf("%s: reduced in %.1f s (every-4: %.1f s, %d tensors)%n", run, report.seconds(), every4.seconds(), every4.tensors().size());
            assertTrue(every4.tensors().size() >= 30, run + ": " + every4.tensors().size());
            try (Run opened = new TraceRunAdapter().open(out, new NullProgressMonitor());
                    TraceReader source = TraceReader.open(runs.resolve(run).resolve("every-4"));
                    TraceReader reduced = TraceReader.open(out.resolve("every-4"))) {
                assertEquals(source.manifest().name() + " (reduced)", opened.name());
                assertTrue(opened.metric("loss").isPresent() || opened.metrics().size() > 0, run + " keeps its metrics");
                for (ReduceJob.TensorReport t : every4.tensors()) {
                    TensorSeries sample = opened.tensor(t.id() + ".sample").orElseThrow(() -> new AssertionError(run + " " + t.id()));
                    assertEquals(Math.max(1, t.sampled().length), sample.neuronCount());
                    // every kept polyline is the recorded one
                    float[] expected = new float[source.recordCount()];
                    float[] got = new float[source.recordCount()];
                    long[] neurons = reduced.readArrayLongs(t.id() + ".sample.neurons");
                    for (int i = 0; i < neurons.length; i++) {
                        source.readPolyline(t.id(), (int) neurons[i], expected);
                        reduced.readPolyline(t.id() + ".sample", i, got);
                        assertArrayEquals(expected, got, run + " " + t.id() + " " + neurons[i]);
                    }
                }
                // the tensor summaries of the related trace are the desktop's, beside the top trace, and
                // so are those of the activations' means over the probe inputs (their default chart)
                try (TraceRun original = TraceRun.open(runs.resolve(run))) {
                    int means = TensorSummaryOnSparkTest.assertDesktopFindsItsOwnSummaries(original,
                            every4.tensors().stream().map(ReduceJob.TensorReport::id).toList());
                    assertTrue(means > 0, run + ": activations with a probe axis");
                    assertEquals(means, every4.tensors().stream().filter(t -> t.meanSummaryEntry() != null).count(), run);
                }
                // the convolution activations of the CNN are clustered per channel
                if (run.equals("cnn")) {
                    assertEquals(8, reduced.readArrayLongs("conv1.act.kmeans.labels").length);
                    assertEquals(16, reduced.readArrayLongs("conv2.act.kmeans.labels").length);
                }
            }
        }
    }

    @Test
    void theExplodingGanKeepsItsNonFiniteValuesAsData() throws Exception {
        Path out = tmp.resolve("reduced-gan-unstable");
        ReduceJob.Report every4 = reduce("gan-unstable", out).related().get(0);
        try (TraceReader source = TraceReader.open(runs.resolve("gan-unstable").resolve("every-4"));
                TraceReader reduced = TraceReader.open(out.resolve("every-4"))) {
            int nonFiniteTensors = 0;
            for (ReduceJob.TensorReport t : every4.tensors()) {
                int n = source.manifest().tensor(t.id()).orElseThrow().neuronCount();
                float[] row = new float[n];
                float[] stats = new float[RecordStats.NAMES.length];
                for (int r = 0; r < source.recordCount(); r++) {
                    source.readRecord(t.id(), r, row);
                    long nonFinite = 0;
                    for (float v : row) {
                        nonFinite += Float.isFinite(v) ? 0 : 1;
                    }
                    reduced.readRecord(t.id() + ".stats", r, stats);
                    assertEquals(nonFinite, (long) (stats[9] + stats[10] + stats[11]), t.id() + " record " + r);
                    if (nonFinite > 0 && r == source.recordCount() - 1) {
                        nonFiniteTensors++;
                        // the sampled polylines include one that is non-finite at the last record, as the
                        // single-machine sampler reserves the earliest failure
                        long[] neurons = reduced.readArrayLongs(t.id() + ".sample.neurons");
                        float[] last = new float[neurons.length];
                        reduced.readRecord(t.id() + ".sample", r, last);
                        boolean anyNonFinite = false;
                        for (float v : last) {
                            anyNonFinite |= !Float.isFinite(v);
                        }
                        assertTrue(anyNonFinite, t.id() + ": a failing polyline is kept");
                    }
                }
            }
            assertTrue(nonFiniteTensors > 0, "the unstable GAN has tensors that end non-finite");
            System.out.println("gan-unstable: " + nonFiniteTensors + " tensors end non-finite; all kept a failing polyline");
        }
        assertTrue(Files.exists(out.resolve("manifest.json")));
    }
}
