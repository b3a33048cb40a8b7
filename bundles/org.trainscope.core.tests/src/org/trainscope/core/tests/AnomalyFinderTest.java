package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyFinder;
import org.trainscope.core.summary.AnomalyKind;
import org.trainscope.core.summary.RunSummaryModel;
import org.trainscope.core.summary.RunSummaryProvider;

/** The anomaly criteria on synthetic series built for their edge cases (the real runs are in cli.tests). */
class AnomalyFinderTest {
    private final AnomalyFinder finder = new AnomalyFinder();

    /** Iterations 0, 10, 20, ... */
    private static MetricSeries series(String name, double... values) {
        return new MetricSeries(name, LongStream.range(0, values.length).map(i -> i * 10).toArray(), values);
    }

    /** A noisy, slowly falling loss: 1.0 down by 0.2 % per record, ±2 % deterministic wiggle. */
    private static double[] noisyLoss(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.pow(0.998, i) * (1 + 0.02 * Math.sin(i * 1.7));
        }
        return v;
    }

    private List<Anomaly> of(AnomalyKind kind, MetricSeries m) {
        return finder.inMetrics(List.of(m)).stream().filter(a -> a.kind() == kind).toList();
    }

    /**
     * The sliding windows the finder keeps give the spikes the definition gives: a robust z
     * (median and 1.4826 × MAD, by sorting, of the previous 20 finite values) above 6, one spike per
     * run of such records, at its peak. On 20,000 records with repeated values (ties), NaN gaps and
     * planted spikes of several heights.
     */
    @Test
    void spikesMatchTheDefinitionComputedBySorting() {
        java.util.Random random = new java.util.Random(11);
        int n = 20_000;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double noisy = Math.pow(0.9999, i) * (1 + 0.05 * random.nextGaussian());
            v[i] = Math.round(noisy * 200) / 200.0; // coarse: many ties in the windows
            if (random.nextInt(500) == 0) {
                v[i] = Double.NaN;
            } else if (random.nextInt(300) == 0) {
                v[i] *= 1 + random.nextInt(8);
            }
        }
        List<Long> expected = new java.util.ArrayList<>();
        int peak = -1;
        double peakZ = 0;
        for (int i = 0; i < n; i++) {
            double z = Double.NaN;
            if (!Double.isNaN(v[i])) {
                int end = i;
                double[] window = LongStream.range(0, end).map(j -> end - 1 - j).mapToDouble(j -> v[(int) j])
                        .filter(x -> !Double.isNaN(x)).limit(20).map(Math::log).sorted().toArray();
                if (window.length >= 8) {
                    double median = (window[(window.length - 1) / 2] + window[window.length / 2]) / 2;
                    double[] dev = java.util.Arrays.stream(window).map(w -> Math.abs(w - median)).sorted().toArray();
                    double mad = (dev[(dev.length - 1) / 2] + dev[dev.length / 2]) / 2;
                    z = (Math.log(v[i]) - median) / Math.max(1.4826 * mad, 0.05);
                }
            }
            if (z > 6) {
                if (peak < 0 || z > peakZ) {
                    peak = i;
                    peakZ = z;
                }
            } else if (peak >= 0 && !Double.isNaN(v[i])) {
                expected.add(peak * 10L);
                peak = -1;
            }
        }
        if (peak >= 0) {
            expected.add(peak * 10L);
        }
        List<Long> found = of(AnomalyKind.SPIKE, series("loss", v)).stream().map(Anomaly::iteration).toList();
        assertTrue(expected.size() > 20, "planted spikes: " + expected.size());
        assertEquals(expected, found);
    }

    /**
     * Plateaus on the running median the finder keeps in a sliding window are those on the running
     * median by sorting (the non-NaN values of the 9 records centred on each; a NaN record ends a
     * stretch): flat stretches of several lengths with scatter, NaN gaps and slopes between them.
     */
    @Test
    void plateausMatchTheDefinitionComputedBySorting() {
        java.util.Random random = new java.util.Random(5);
        int n = 5_000;
        double[] v = new double[n];
        double level = 2;
        for (int i = 0; i < n; i++) {
            boolean flat = (i / 150) % 2 == 0;
            level *= flat ? 1 : 0.995;
            v[i] = level * (1 + (flat ? 0.002 : 0.03) * random.nextGaussian());
            if (random.nextInt(400) == 0) {
                v[i] = Double.NaN;
            }
        }
        double[] smooth = new double[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                smooth[i] = Double.NaN;
                continue;
            }
            double[] near = java.util.Arrays.stream(v, Math.max(0, i - 4), Math.min(n, i + 5))
                    .filter(x -> !Double.isNaN(x)).map(Math::log).sorted().toArray();
            smooth[i] = (near[(near.length - 1) / 2] + near[near.length / 2]) / 2;
        }
        List<Long> expected = new java.util.ArrayList<>();
        for (int start = 0; start < n;) {
            if (Double.isNaN(smooth[start])) {
                start++;
                continue;
            }
            double lo = smooth[start];
            double hi = lo;
            int end = start + 1;
            while (end < n && !Double.isNaN(smooth[end]) && Math.max(hi, smooth[end]) - Math.min(lo, smooth[end]) <= 0.01) {
                lo = Math.min(lo, smooth[end]);
                hi = Math.max(hi, smooth[end]);
                end++;
            }
            if (end - start >= Math.max(20, n / 100)) {
                expected.add(start * 10L);
                start = end;
            } else {
                start++;
            }
        }
        List<Long> found = of(AnomalyKind.PLATEAU, series("loss", v)).stream().map(Anomaly::iteration).toList();
        assertTrue(expected.size() > 10, "plateaus: " + expected.size());
        assertEquals(expected, found);
    }

    /**
     * A long run recorded at every iteration: 6,000 records of a loss descending steadily from 1 to
     * 0.05 change by less than 1 % in any 20 of them, which is no plateau (it made hundreds in the
     * Run Summary); a stall of 300 records in the middle is found.
     */
    @Test
    void aSteadyDescentOverThousandsOfRecordsIsNoPlateauButAStallIs() {
        int n = 6_000;
        java.util.Random random = new java.util.Random(3);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = Math.exp(Math.log(0.05) * i / (n - 1)) * (1 + 0.002 * random.nextGaussian());
        }
        assertEquals(List.of(), of(AnomalyKind.PLATEAU, series("loss", v)));
        double[] stalled = new double[n];
        for (int i = 0; i < n; i++) {
            int t = i < 3_000 ? i : i < 3_300 ? 3_000 : i - 300;
            stalled[i] = Math.exp(Math.log(0.05) * t / (n - 1)) * (1 + 0.002 * random.nextGaussian());
        }
        // the stall (iterations 30,000 to 33,000), possibly as two stretches of 1 % each, and nothing else
        List<Anomaly> plateaus = of(AnomalyKind.PLATEAU, series("loss", stalled));
        assertTrue(!plateaus.isEmpty() && plateaus.size() <= 2, plateaus.toString());
        assertTrue(plateaus.stream().allMatch(p -> p.iteration() >= 29_500 && p.iteration() < 33_000),
                plateaus.toString());
    }

    @Test
    void aSpikeIsFoundOnceAtItsPeak() {
        double[] v = noisyLoss(60);
        v[30] = 5.0;
        v[31] = 9.0; // two spiking records: one spike, at the higher
        List<Anomaly> spikes = of(AnomalyKind.SPIKE, series("loss", v));
        assertEquals(1, spikes.size(), spikes.toString());
        assertEquals(310, spikes.get(0).iteration());
        assertEquals(9.0, spikes.get(0).value());
        assertTrue(spikes.get(0).description().startsWith("loss spikes to 9.000 at iteration 310"), spikes.toString());
        assertEquals(List.of(), of(AnomalyKind.SPIKE, series("loss", noisyLoss(60))), "ordinary noise is no spike");
    }

    @Test
    void nanInsideTheWindowIsSkippedNotASpikeAndFoundAsTheFirstNaN() {
        double[] v = noisyLoss(60);
        v[25] = Double.NaN;
        v[27] = Double.POSITIVE_INFINITY;
        v[33] = 7.0;
        MetricSeries m = series("train_loss", v);
        List<Anomaly> spikes = of(AnomalyKind.SPIKE, m);
        assertEquals(List.of(330L), spikes.stream().map(Anomaly::iteration).toList());
        List<Anomaly> nan = of(AnomalyKind.NON_FINITE_METRIC, m);
        assertEquals(1, nan.size());
        assertEquals("train_loss turns NaN at iteration 250", nan.get(0).description());
    }

    @Test
    void aConstantSeriesIsOnePlateauAndNoSpike() {
        double[] v = new double[50];
        java.util.Arrays.fill(v, 2.302585);
        MetricSeries m = series("loss", v);
        assertEquals(List.of(), of(AnomalyKind.SPIKE, m));
        assertEquals(List.of(), of(AnomalyKind.DIVERGENCE, m));
        List<Anomaly> plateaus = of(AnomalyKind.PLATEAU, m);
        assertEquals(1, plateaus.size());
        assertEquals(0, plateaus.get(0).iteration());
        assertEquals("loss stays at 2.303 (running median of 9 within 1 %) from iteration 0 to 490 (50 records)",
                plateaus.get(0).description());
    }

    @Test
    void aNaNEndsAPlateau() {
        double[] v = new double[31];
        java.util.Arrays.fill(v, 0.7);
        v[15] = Double.NaN; // 15 flat records, NaN, 15 flat records: neither stretch is long enough
        assertEquals(List.of(), of(AnomalyKind.PLATEAU, series("loss", v)));
        v[15] = 0.7;
        assertEquals(1, of(AnomalyKind.PLATEAU, series("loss", v)).size());
    }

    /**
     * A training stuck at chance: the minibatch loss scatters ±1 % around ln 10, twice the band,
     * yet its running median stays within it.
     */
    @Test
    void aStuckLossWithMinibatchScatterIsOnePlateau() {
        double[] v = new double[60];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.log(10) * (1 + 0.01 * Math.sin(i * 2.3));
        }
        List<Anomaly> plateaus = of(AnomalyKind.PLATEAU, series("loss", v));
        assertEquals(1, plateaus.size(), plateaus.toString());
        assertEquals(0, plateaus.get(0).iteration());
        assertEquals(Math.log(10), plateaus.get(0).value(), 0.01 * Math.log(10));
        assertTrue(plateaus.get(0).description().endsWith("from iteration 0 to 590 (60 records)"), plateaus.toString());
    }

    @Test
    void aFallingLossHasNoPlateau() {
        assertEquals(List.of(), of(AnomalyKind.PLATEAU, series("loss", noisyLoss(200))));
    }

    @Test
    void oneRecordGivesOnlyItsNaN() {
        assertEquals(List.of(), finder.inMetrics(List.of(series("loss", 0.5))));
        List<Anomaly> one = finder.inMetrics(List.of(series("loss", Double.NaN)));
        assertEquals(List.of(AnomalyKind.NON_FINITE_METRIC), one.stream().map(Anomaly::kind).toList());
        assertEquals(List.of(), finder.inMetrics(List.of(series("loss"))), "an empty series");
    }

    @Test
    void aLossThatDoublesFromItsBestLevelDiverges() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) {
            v[i] = i < 50 ? 1.0 - 0.018 * i : 0.118 + 0.03 * (i - 49); // falls to ~0.12, then climbs to ~1.6
        }
        List<Anomaly> d = of(AnomalyKind.DIVERGENCE, series("loss", v));
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).iteration() > 500 && d.get(0).iteration() < 990, d.toString());
        assertTrue(d.get(0).description().startsWith("loss diverges: from iteration " + d.get(0).iteration()),
                d.toString());
        assertEquals(List.of(), of(AnomalyKind.DIVERGENCE, series("loss", noisyLoss(200))));
    }

    @Test
    void onlyLossesAreSearchedForSpikesButEveryMetricForNaN() {
        double[] v = noisyLoss(60);
        v[40] = 30;
        v[50] = Double.NEGATIVE_INFINITY;
        List<Anomaly> found = finder.inMetrics(List.of(series("accuracy", v)));
        assertEquals(List.of(AnomalyKind.NON_FINITE_METRIC), found.stream().map(Anomaly::kind).toList());
        assertEquals("accuracy turns -Inf at iteration 500", found.get(0).description());
    }

    @Test
    void aNegativeLossIsSearchedOnItsOwnScale() {
        double[] v = new double[60];
        for (int i = 0; i < 60; i++) {
            v[i] = -100 - 0.5 * Math.sin(i); // an ELBO-style loss below zero
        }
        v[45] = -40;
        List<Anomaly> spikes = of(AnomalyKind.SPIKE, series("loss", v));
        assertEquals(List.of(450L), spikes.stream().map(Anomaly::iteration).toList());
        assertEquals(List.of(), of(AnomalyKind.DIVERGENCE, series("loss", v)), "no log scale, no divergence");
    }

    @Test
    void perNodeCountsNameTheNodeAndTensorsTheirFirstBadRecord() throws Exception {
        MetricSeries counts = series("nonfinite.backward.pXZ", 0, 0, 3, 5);
        InMemoryTensorSeries t = new InMemoryTensorSeries("fc1.act", "fc1", TensorKind.ACTIVATION, 4);
        t.append(0, new float[] { 1, 2, 3, 4 });
        t.append(8, new float[] { 1, Float.NaN, Float.POSITIVE_INFINITY, Float.NaN });
        t.append(16, new float[] { Float.NaN, 2, 3, 4 });
        BasicRun run = BasicRun.builder("r", Path.of("r")).metric(counts).tensor(t).build();
        List<Anomaly> found = finder.find(run, new NullProgressMonitor());
        assertEquals(2, found.size(), found.toString());
        assertEquals(new Anomaly(AnomalyKind.NON_FINITE_TENSOR, Anomaly.SubjectKind.TENSOR, "fc1.act", 8, 3,
                "fc1.act (activation) has 2 NaN and 1 infinite of 4 values at iteration 8, its first record with any"),
                found.get(0));
        assertEquals(AnomalyKind.NON_FINITE_NODE, found.get(1).kind());
        assertEquals("pXZ", found.get(1).subject());
        assertEquals(20, found.get(1).iteration());
        assertEquals("the gradient of pXZ first holds NaN/Inf at iteration 20 (3 values)", found.get(1).description());

        RunSummaryModel facts = new RunSummaryProvider().facts(run);
        assertEquals(false, facts.tensorsScanned());
        assertEquals(List.of(AnomalyKind.NON_FINITE_NODE), facts.anomalies().stream().map(Anomaly::kind).toList());
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> new RunSummaryProvider().summarize(run, cancelled));
    }

    /**
     * The scan reads a few records at a time in tiles (it read whole records, 240 MB for one record
     * of a 60 M-neuron tensor): a failure in a later window, at the last neuron, is still found at
     * its first record with its exact counts, and one before it in the same window wins.
     */
    @Test
    void aTensorIsScannedWindowByWindowAndItsFirstBadRecordFound() throws Exception {
        int neurons = 5_000;
        InMemoryTensorSeries t = new InMemoryTensorSeries("fc2.act", "fc2", TensorKind.ACTIVATION, neurons);
        for (int r = 0; r < 20; r++) {
            float[] values = new float[neurons];
            java.util.Arrays.fill(values, r);
            if (r == 11) {
                values[neurons - 1] = Float.NEGATIVE_INFINITY;
            }
            if (r >= 12) {
                java.util.Arrays.fill(values, 0, 10, Float.NaN);
            }
            t.append(10L * r, values);
        }
        Anomaly first = finder.firstNonFinite(t, null).orElseThrow();
        assertEquals(110, first.iteration());
        assertEquals("fc2.act (activation) has 1 infinite of 5000 values at iteration 110, its first record with any",
                first.description());
        InMemoryTensorSeries fine = new InMemoryTensorSeries("ok.act", "ok", TensorKind.ACTIVATION, neurons);
        for (int r = 0; r < 20; r++) {
            fine.append(r, new float[neurons]);
        }
        assertEquals(java.util.Optional.empty(), finder.firstNonFinite(fine, null));
    }
}
