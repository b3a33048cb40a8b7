package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.RandomPolylineSampler;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * Issue 10 on the real thing: the demo run {@code vae-unstable} recorded small from real
 * Fashion-MNIST (Debian's dataset-fashion-mnist), opened as the workbench opens it, every
 * activation and gradient tensor sampled as Training Dynamics samples it (300 polylines, the view's
 * default). 4,096 training images in batches of 64: the score turns infinite at iteration 14 and
 * every recorded tensor is NaN (some weight gradients ±Inf or up to 1e38) from there on.
 */
class VaeUnstableDemoRunTest {

    private static final int SAMPLE = 300;

    @TempDir
    static Path directory;
    private static DemoResult demo;
    private static TraceRun run;

    @BeforeAll
    static void record() throws IOException {
        demo = DemoRuns.record(DemoKind.VAE_UNSTABLE, directory, 42, new DemoSize(4096, 50, 64, 16, 1),
                DemoRuns.dataDirectory(), null);
        run = TraceRun.open(demo.trace());
    }

    @AfterAll
    static void close() throws IOException {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theRunReachesItsFailure() throws IOException {
        assertTrue(demo.anomaly().isPresent(), "vae-unstable must turn non-finite: " + demo);
        TensorSeries activations = run.tensor("e0.leakyrelu.act").orElseThrow();
        float[] last = new float[activations.neuronCount()];
        activations.readSnapshot(activations.iterationCount() - 1, last);
        for (float value : last) {
            assertTrue(Float.isNaN(value), "the last record is all NaN");
        }
    }

    /**
     * Blue noise keeps the most extreme lines (by their largest finite |value|) and differs from
     * random sampling, with a real radius and finite quality figures. For activations (tens of lines
     * that climb far above the bulk, each on its own) the most extreme line itself; for every
     * tensor, one of its ten most extreme lines (the output layer's weight gradient reaches 1e38 on
     * thousands of weights that lie within the radius of each other, so which of them represents the
     * explosion is the sampler's choice), and more of the most extreme tenth of the sample size than
     * random sampling keeps.
     */
    @Test
    void blueNoiseKeepsTheExtremeLinesOfEveryActivationAndGradientTensor() {
        List<TensorSeries> tensors = run.tensors().stream()
                .filter(t -> t.kind() == TensorKind.ACTIVATION || t.kind() == TensorKind.GRADIENT)
                .filter(t -> t.neuronCount() >= 2 * SAMPLE).toList();
        assertTrue(tensors.size() >= 8, "activation and gradient tensors: " + tensors.size());
        for (TensorSeries tensor : tensors) {
            TensorSeriesPolylines source = TensorSeriesPolylines.of(tensor);
            SamplingParameters parameters = SamplingParameters.builder().sampleCount(SAMPLE).seed(42).build();
            SamplingResult blue = new BlueNoisePolylineSampler().sample(source, parameters, null);
            SamplingResult random = new RandomPolylineSampler().sample(source, parameters, null);
            String what = tensor.id() + ": " + blue;
            assertEquals(source.polylineCount(), blue.nonFiniteCandidates(), "every line fails: " + what);
            assertFalse(Arrays.equals(blue.sortedIndices(), random.sortedIndices()), what);
            assertTrue(blue.finalRadius() > 0, what);

            int[] byExtremity = byLargestFiniteMagnitude(source);
            Set<Integer> kept = set(blue.selectionOrder());
            Set<Integer> keptByChance = set(random.selectionOrder());
            if (tensor.kind() == TensorKind.ACTIVATION) {
                assertTrue(kept.contains(byExtremity[0]), "the most extreme line of " + what);
            }
            assertTrue(Arrays.stream(byExtremity, 0, 10).anyMatch(kept::contains),
                    "none of the ten most extreme lines of " + what);
            int top = SAMPLE / 10;
            long blueTop = Arrays.stream(byExtremity, 0, top).filter(kept::contains).count();
            long randomTop = Arrays.stream(byExtremity, 0, top).filter(keptByChance::contains).count();
            assertTrue(blueTop > randomTop, "of the " + top + " most extreme lines blue noise keeps " + blueTop
                    + ", random " + randomTop + ": " + what);

            if (source.polylineCount() <= 20_000) {
                double closest = SamplingQuality.minimumPairwiseDistance(source, blue.metric(), blue.selectionOrder());
                double coverage = SamplingQuality.coverage(source, blue.metric(), blue.selectionOrder(), 2_000, 7);
                assertTrue(Double.isFinite(closest) && closest >= blue.finalRadius(), closest + " " + what);
                assertTrue(Double.isFinite(coverage), coverage + " " + what);
            }
        }
    }

    /**
     * The candidate pass on the trace's record tiles as stored (TraceTensorSeries.scanRecordTiles):
     * with every polyline a candidate it selects what the exact sampler selects; with a candidate
     * limit of a quarter of the neurons it still counts every failing line, selects the sample size,
     * and keeps a line that fails first (the earliest onset of all).
     */
    @Test
    void theCandidatePassOverTheTracesRecordTilesMatchesTheExactSamplerAndKeepsTheFirstFailure() {
        List<TensorSeries> tensors = run.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .filter(t -> t.neuronCount() >= 4 * SAMPLE).toList();
        assertFalse(tensors.isEmpty());
        BlueNoisePolylineSampler sampler = new BlueNoisePolylineSampler();
        for (TensorSeries tensor : tensors) {
            TensorSeriesPolylines source = TensorSeriesPolylines.of(tensor);
            int n = source.polylineCount();
            SamplingParameters all = SamplingParameters.builder().sampleCount(SAMPLE).seed(42).candidateLimit(n)
                    .build();
            SamplingResult exact = sampler.sample(source, all, null);
            org.trainscope.algorithms.sampling.PolylineMetric metric = org.trainscope.algorithms.sampling.PolylineMetric
                    .estimate(source, all);
            org.trainscope.algorithms.sampling.CandidateCollector collector = new org.trainscope.algorithms.sampling.CandidateCollector(
                    source, all, metric, null);
            source.scanTiles(metric.from(), metric.to(), collector);
            SamplingResult viaTiles = sampler.sample(collector.candidates(), all, null);
            assertEquals(Arrays.toString(exact.selectionOrder()), Arrays.toString(viaTiles.selectionOrder()),
                    tensor.id());

            SamplingParameters quarter = all.toBuilder().candidateLimit(n / 4).outlierLimit(64).build();
            SamplingResult bounded = sampler.sample(source, quarter, null);
            assertEquals(SAMPLE, bounded.size(), tensor.id());
            assertEquals(exact.nonFiniteCandidates(), bounded.nonFiniteCandidates(), tensor.id());
            int[] onset = firstNonFinite(source);
            int earliest = Arrays.stream(onset).min().orElseThrow();
            assertTrue(Arrays.stream(bounded.selectionOrder()).anyMatch(i -> onset[i] == earliest),
                    tensor.id() + ": a line failing at point " + earliest);

            // the candidates' values of the sampled lines come with the sample, NaN and Inf as the trace has them
            int length = source.length();
            int[] sorted = bounded.sortedIndices();
            float[] read = new float[sorted.length * length];
            float[] row = new float[length];
            for (int i = 0; i < sorted.length; i++) {
                source.read(sorted[i], 1, row);
                System.arraycopy(row, 0, read, i * length, length);
            }
            float[] handed = bounded.selectedValues(length).orElseThrow(() -> new AssertionError(tensor.id()
                    + ": the sample above the candidate limit comes without its values"));
            org.junit.jupiter.api.Assertions.assertArrayEquals(read, handed, tensor.id());
            assertTrue(exact.selectedValues(length).isEmpty(), "the exact sampler holds no values: " + tensor.id());
        }
    }

    /** @return per polyline the first point that is not finite, or the length */
    private static int[] firstNonFinite(PolylineSource source) {
        float[] row = new float[source.length()];
        int[] onset = new int[source.polylineCount()];
        for (int i = 0; i < onset.length; i++) {
            source.read(i, 1, row);
            int j = 0;
            while (j < row.length && Float.isFinite(row[j])) {
                j++;
            }
            onset[i] = j;
        }
        return onset;
    }

    /** @return polyline indices, the largest finite |value| first */
    private static int[] byLargestFiniteMagnitude(PolylineSource source) {
        int n = source.polylineCount();
        float[] row = new float[source.length()];
        double[] magnitude = new double[n];
        for (int i = 0; i < n; i++) {
            source.read(i, 1, row);
            for (float value : row) {
                if (Float.isFinite(value)) {
                    magnitude[i] = Math.max(magnitude[i], Math.abs(value));
                }
            }
        }
        return java.util.stream.IntStream.range(0, n).boxed()
                .sorted((a, b) -> Double.compare(magnitude[b], magnitude[a])).mapToInt(Integer::intValue).toArray();
    }

    private static Set<Integer> set(int[] values) {
        Set<Integer> set = new HashSet<>();
        for (int v : values) {
            set.add(v);
        }
        return set;
    }
}
