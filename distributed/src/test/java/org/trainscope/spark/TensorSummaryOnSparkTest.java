package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.summary.SummaryCache;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.algorithms.sampling.summary.TensorSummary;
import org.trainscope.core.model.AveragedTensorSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.TensorSeries;

/**
 * Issue 16: the reduce job writes the desktop's tensor summaries (docs/summary-cache.md) beside the
 * input trace, and they are byte for byte the entries the desktop computes in one pass, so Training
 * Dynamics opens the trace without scanning it. Here with 61 partitions, whose parts are merged in
 * a round on the executors before the driver merges the rest; {@link DistributedBlueNoiseTest} checks
 * 2 M polylines in 8 partitions, {@link RecordedRunsTest} the PyTorch runs' related traces.
 */
class TensorSummaryOnSparkTest {
    @TempDir
    Path tmp;

    @Test
    void manyPartitionsMergedInRoundsGiveTheDesktopsEntry() throws Exception {
        Traces.Planted planted = Traces.outliers(tmp.resolve("planted"), 60_000, 8, 6, 5);
        ReduceOptions o = new ReduceOptions(0.01, 0, 1, 32, 2.0, 997, 64L << 20, List.of(), 0, 50, -1, 2048);
        ReduceJob.TensorReport t = ReduceJob.run(SparkTests.context(), planted.trace().toString(),
                tmp.resolve("reduced").toString(), o).tensors().get(0);
        assertEquals(61, t.partitions());
        assertTrue(61 > TensorSummaryJob.FAN_IN, "at least one round on the executors");
        assertNotNull(t.summaryEntry());
        try (TraceRun run = TraceRun.open(planted.trace())) {
            assertDesktopFindsItsOwnSummaries(run, List.of(planted.tensor()));
        }
        // the same trace where another machine mounts it has the same key
        Path elsewhere = Files.createDirectories(tmp.resolve("mount").resolve(planted.trace().getFileName()));
        Files.copy(planted.trace().resolve("manifest.json"), elsewhere.resolve("manifest.json"));
        assertEquals(SummaryCache.key(planted.trace(), planted.tensor(), 60_000, 8),
                SummaryCache.key(elsewhere, planted.tensor(), 60_000, 8));
    }

    /**
     * A run of 260 records: the desktop draws its whole run from 200 records spread over it and
     * never summarises all 260 (each task would hold (R - 1) x 768 KiB of histograms: 2.3 GB at
     * 3,000 records); the job writes the summary of those 200, under the key the desktop asks.
     */
    @Test
    void aLongRunGetsTheSummaryOfItsSpreadRecords() throws Exception {
        Traces.Planted planted = Traces.outliers(tmp.resolve("long"), 3_000, 260, 2, 9);
        ReduceOptions o = new ReduceOptions(0.05, 0, 1, 32, 2.0, 1_000, 64L << 20, List.of(), 0, 50, -1, 2048);
        ReduceJob.TensorReport t = ReduceJob.run(SparkTests.context(), planted.trace().toString(),
                tmp.resolve("long-reduced").toString(), o).tensors().get(0);
        assertNotNull(t.summaryEntry());
        try (TraceRun run = TraceRun.open(planted.trace())) {
            TensorSeries whole = TensorSummaries.summarised(run.tensors().get(0));
            assertTrue(whole.iterationCount() <= TensorSummaries.MOST_RECORDS && whole.id().contains("(records 0..259"),
                    whole.id());
            assertDesktopFindsItsOwnSummaries(run, List.of(planted.tensor()));
        }
    }

    /**
     * The desktop charts a tensor with a probe axis as each unit's mean over the probe inputs: the job
     * writes that summary too. Units in ranges of 16 (the convolution's 144 units in 9 ranges, merged in
     * a round on the executors), and the dense layer's units that turn NaN and +Inf on every probe input
     * stay non-finite in the means.
     */
    @Test
    void theMeansOverProbeInputsGetTheDesktopsEntryToo() throws Exception {
        Path in = Traces.demoLike(tmp.resolve("demo-like"));
        ReduceOptions o = new ReduceOptions(0.1, 0, 3, 32, 2.0, 16, 64L << 20, List.of(), 0, 50, -1, 2048);
        ReduceJob.Report report = ReduceJob.run(SparkTests.context(), in.toString(), tmp.resolve("demo-reduced").toString(), o);
        List<String> withMeans = report.tensors().stream().filter(t -> t.meanSummaryEntry() != null)
                .map(ReduceJob.TensorReport::id).toList();
        assertEquals(List.of("conv.act", "fc.act"), withMeans);
        try (TraceRun run = TraceRun.open(in)) {
            assertEquals(2, assertDesktopFindsItsOwnSummaries(run, List.of("conv.act", "fc.act", "fc.W.grad")));
            TensorSeries fc = run.tensor("fc.act").orElseThrow();
            TensorSeries means = AveragedTensorSeries.perUnit(fc, NeuronLayout.of(run, fc));
            TensorSummary summary = SummaryCache.of(in).load(TensorSummaries.key(in, means)).orElseThrow();
            PolylineDensity.Scan scan = summary.scan(0, 40);
            assertEquals(3, scan.nonFinitePolylines(), "units 5, 9 and 60 turn non-finite on every probe input");
            assertEquals(1, scan.firstNonFinitePerPoint()[33]);
            assertEquals(1, scan.firstNonFinitePerPoint()[36]);
            assertEquals(1, scan.firstNonFinitePerPoint()[38]);
        }
    }

    /**
     * For each tensor {@code ids} of {@code run}: the desktop's cache (where Training Dynamics looks,
     * beside the run's top trace, under the key it computes for the chart of the whole run) holds an
     * entry, and it equals the one pass the desktop would make; for a tensor with a probe axis also
     * the entry of its default chart, each unit's mean over the probe inputs (NeuronGrouping.UNITS).
     *
     * @return how many of the tensors had a probe axis (and their means' entry checked)
     */
    static int assertDesktopFindsItsOwnSummaries(TraceRun run, List<String> ids) throws IOException {
        int withProbeAxis = 0;
        for (String id : ids) {
            TensorSeries recorded = run.tensors().stream().filter(s -> s.id().equals(id)).findFirst()
                    .orElseThrow(() -> new AssertionError("no tensor " + id));
            assertDesktopFindsItsOwnSummary(run, TensorSummaries.summarised(recorded));
            NeuronLayout layout = NeuronLayout.of(run, recorded);
            if (layout.hasProbeAxis()) {
                withProbeAxis++;
                assertDesktopFindsItsOwnSummary(run, TensorSummaries.summarised(AveragedTensorSeries.perUnit(recorded, layout)));
            }
        }
        return withProbeAxis;
    }

    private static void assertDesktopFindsItsOwnSummary(TraceRun run, TensorSeries series) throws IOException {
        Path trace = run.location();
        String key = SummaryCache.key(trace, series.id(), series.neuronCount(), series.iterationCount()).orElseThrow();
        TensorSummary written = SummaryCache.of(trace).load(key)
                .orElseThrow(() -> new AssertionError(series.id() + ": the desktop's cache has no entry under its key"));
        TensorSummary computed = TensorSummaries.compute(series, null);
        Map<String, byte[]> expected = SummaryCache.entryFiles(key, computed);
        Map<String, byte[]> actual = SummaryCache.entryFiles(key, written);
        for (String file : expected.keySet()) {
            assertArrayEquals(expected.get(file), actual.get(file), series.id() + " " + file);
        }
    }
}
