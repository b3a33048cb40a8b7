package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceStatus;

/**
 * A small CNN-like run with NaN and Inf in it, reduced in local mode with several partitions per
 * tensor, then opened as the desktop opens it (the trace adapter) and checked value by value against
 * the source read with the trace reader.
 */
class ReduceDemoLikeTest {
    @TempDir
    static Path tmp;
    static Path in;
    static Path out;
    static ReduceJob.Report report;

    @BeforeAll
    static void reduce() throws Exception {
        in = Traces.demoLike(tmp.resolve("demo-like"));
        out = tmp.resolve("reduced");
        ReduceOptions o = ReduceOptions.defaults();
        // 256 neurons per partition: every tensor is split; a sketch that holds every value: exact percentiles
        o = new ReduceOptions(0.1, 0, 3, 32, 2.0, 256, o.blockBytes(), List.of(), 3, 50, -1, 4096);
        report = ReduceJob.run(SparkTests.context(), in.toUri().toString(), out.toString(), o);
    }

    @Test
    void theReducedTraceOpensThroughTheDesktopsTraceAdapter() throws Exception {
        TraceRunAdapter adapter = new TraceRunAdapter();
        assertEquals(IRunAdapter.CERTAIN, adapter.validate(out));
        try (Run run = adapter.open(out, new NullProgressMonitor())) {
            assertEquals("demo-like (reduced)", run.name());
            assertEquals("cnn", run.modelTypeId());
            TensorSeries sample = run.tensor("fc.act.sample").orElseThrow();
            assertEquals(300, sample.neuronCount()); // 10 % of 1,024 is 102: a rate keeps at least 300
            assertEquals(320, run.tensor("fc.W.grad.sample").orElseThrow().neuronCount()); // 10 % of 3,200
            assertEquals(40, sample.iterations().length);
            assertEquals(390, sample.iterations()[39]);
            float[] polyline = new float[40];
            sample.readPolyline(0, 0, 40, polyline);
            MetricSeries loss = run.metric("loss").orElseThrow();
            assertTrue(Double.isNaN(loss.values()[39]), "the NaN loss stays a NaN");
            assertTrue(run.metric("fc.act.p50").isPresent());
            assertTrue(run.probeInputs().isPresent(), "the probe inputs are copied");
        }
    }

    @Test
    void keptPolylinesAreTheSourcesPolylinesAndTheEarliestFailureIsKept() throws Exception {
        try (TraceReader source = TraceReader.open(in); TraceReader reduced = TraceReader.open(out)) {
            assertEquals(TraceStatus.CLOSED, reduced.status());
            assertArrayEquals(source.iterations(), reduced.iterations());
            for (ReduceJob.TensorReport t : report.tensors()) {
                assertTrue(t.partitions() > 1, t.id() + " is split into partitions");
                long[] neurons = reduced.readArrayLongs(t.id() + ".sample.neurons");
                assertEquals(t.sampled().length, neurons.length);
                float[] expected = new float[40];
                float[] got = new float[40];
                for (int i = 0; i < neurons.length; i++) {
                    source.readPolyline(t.id(), (int) neurons[i], expected);
                    reduced.readPolyline(t.id() + ".sample", i, got);
                    assertArrayEquals(expected, got, t.id() + " neuron " + neurons[i]);
                }
            }
            // fc.act: unit 5 of every probe input turns NaN first (record 33); one of them is kept
            long[] kept = reduced.readArrayLongs("fc.act.sample.neurons");
            assertTrue(Arrays.stream(kept).anyMatch(j -> j % 64 == 5), "the earliest failure is in the sample: " + Arrays.toString(kept));
        }
    }

    @Test
    void perRecordStatisticsAndPerNeuronSummariesMatchAScanOfTheSource() throws Exception {
        try (TraceReader source = TraceReader.open(in); TraceReader reduced = TraceReader.open(out)) {
            for (String id : List.of("conv.act", "fc.act", "fc.W.grad")) {
                int n = source.manifest().tensor(id).orElseThrow().neuronCount();
                float[] row = new float[n];
                float[] stats = new float[RecordStats.NAMES.length];
                double[][] perNeuron = new double[n][3];
                for (int r = 0; r < 40; r++) {
                    source.readRecord(id, r, row);
                    reduced.readRecord(id + ".stats", r, stats);
                    float[] finite = new float[n];
                    int f = 0;
                    int nan = 0;
                    int inf = 0;
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        if (Float.isFinite(row[j])) {
                            finite[f++] = row[j];
                            sum += row[j];
                            perNeuron[j][0] += row[j];
                            perNeuron[j][1]++;
                        } else if (Float.isNaN(row[j])) {
                            nan++;
                        } else {
                            inf++;
                        }
                    }
                    Arrays.sort(finite, 0, f);
                    String at = id + " record " + r;
                    assertEquals(f, stats[0], at);
                    assertEquals(sum / f, stats[1], 1e-5 * Math.max(1, Math.abs(sum / f)), at);
                    assertEquals(finite[0], stats[2], at);
                    assertEquals(finite[(int) Math.floor(0.5 * (f - 1))], stats[5], at + " median (exact: the sketch holds all)");
                    assertEquals(finite[(int) Math.floor(0.95 * (f - 1))], stats[7], at);
                    assertEquals(finite[f - 1], stats[8], at);
                    assertEquals(nan, stats[9], at);
                    assertEquals(inf, stats[10] + stats[11], at);
                }
                float[] summary = reduced.readArrayFloats(id + ".summary");
                int w = NeuronSummaries.COLUMNS.length;
                for (int j = 0; j < n; j++) {
                    double mean = perNeuron[j][1] == 0 ? Double.NaN : perNeuron[j][0] / perNeuron[j][1];
                    assertEquals(mean, summary[j * w], 1e-4 * Math.max(1, Math.abs(mean)), id + " neuron " + j);
                }
            }
            // fc.act unit 5 of probe 0 (neuron 5): NaN from record 33 on, 7 NaN; unit 60: +Inf at records 38, 39
            float[] fc = reduced.readArrayFloats("fc.act.summary");
            int w = NeuronSummaries.COLUMNS.length;
            assertEquals(7, fc[5 * w + 4]);
            assertEquals(33, fc[5 * w + 6]);
            assertEquals(2, fc[60 * w + 5]);
            assertEquals(38, fc[60 * w + 6]);
            assertEquals(-1, fc[0 * w + 6]);
        }
    }

    @Test
    void kMeansClustersTheConvolutionsChannelsAndSetsNonFiniteProfilesApart() throws Exception {
        try (TraceReader reduced = TraceReader.open(out)) {
            // conv.act: four channels, each responding to one class of probe inputs; k = 3 clusters
            long[] conv = reduced.readArrayLongs("conv.act.kmeans.labels");
            assertEquals(4, conv.length);
            assertEquals(3, reduced.manifest().array("conv.act.kmeans.centroids").orElseThrow().shape().get(0));
            // fc.act at the last record: units 5 and 9 are NaN, unit 60 +Inf: their own group, label k = 3
            long[] fc = reduced.readArrayLongs("fc.act.kmeans.labels");
            assertEquals(64, fc.length);
            assertEquals(3, fc[5]);
            assertEquals(3, fc[9]);
            assertEquals(3, fc[60]);
            assertEquals(61, Arrays.stream(fc).filter(l -> l < 3).count());
            assertTrue(reduced.manifest().array("fc.W.grad.kmeans.labels").isEmpty(), "a gradient has no activation profiles");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theManifestRecordsTheProvenance() throws Exception {
        try (TraceReader reduced = TraceReader.open(out)) {
            Map<String, Object> reduction = (Map<String, Object>) reduced.manifest().attributes().get("reduction");
            assertEquals(in.toUri().toString(), reduction.get("source"));
            assertEquals("demo-like", reduction.get("sourceName"));
            assertEquals("org.trainscope.algorithms.sampling.blueNoise", reduction.get("sampler"));
            assertTrue(((String) reduction.get("sparkVersion")).startsWith("3.5."));
            Map<String, Object> parameters = (Map<String, Object>) reduction.get("parameters");
            assertEquals(0.1, parameters.get("sampleRate"));
            Map<String, Object> fc = (Map<String, Object>) ((Map<String, Object>) reduction.get("tensors")).get("fc.act");
            assertEquals(1024L, fc.get("neurons"));
            assertEquals(4L, fc.get("partitions"));
            assertEquals("synthetic", reduced.manifest().attributes().get("framework"));
        }
    }
}
