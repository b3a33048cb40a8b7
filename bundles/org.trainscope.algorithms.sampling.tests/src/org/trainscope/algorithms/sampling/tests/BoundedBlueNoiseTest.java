package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.CandidateCollector;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;

/**
 * Blue noise over any number of polylines: the candidate pass (stratified subset plus the most
 * outlying polylines) and the exact sampler on the candidates, against the exact sampler on all.
 */
class BoundedBlueNoiseTest {

    private final BlueNoisePolylineSampler sampler = new BlueNoisePolylineSampler();

    @Test
    void upToTheCandidateLimitTheCandidatePathSelectsWhatTheExactSamplerSelects() {
        SyntheticCurves curves = SyntheticCurves.generate(20_000, 40, 5, 100, 11);
        PolylineSource source = curves.source();
        for (int[] range : new int[][] { { 0, SamplingParameters.TO_END }, { 10, 60 } }) {
            SamplingParameters parameters = SamplingParameters.builder().sampleCount(300).seed(5)
                    .range(range[0], range[1]).candidateLimit(source.polylineCount()).build();
            SamplingResult exact = sampler.sample(source, parameters, new NullProgressMonitor());
            // the same through the candidate pass: every polyline is its own stratum; the pass scans
            // all points though the range is narrower (as a shared pass would), and skips the others
            PolylineMetric metric = PolylineMetric.estimate(source, parameters);
            CandidateCollector collector = new CandidateCollector(source, parameters, metric, null);
            source.scanTiles(0, source.length(), collector);
            SamplingResult viaCandidates = sampler.sample(collector.candidates(), parameters,
                    new NullProgressMonitor());
            assertArrayEquals(exact.selectionOrder(), viaCandidates.selectionOrder(), Arrays.toString(range));
            assertEquals(exact.initialRadius(), viaCandidates.initialRadius());
            assertEquals(exact.finalRadius(), viaCandidates.finalRadius());
            assertEquals(exact.passes(), viaCandidates.passes());
            assertEquals(exact.metric().lo(), viaCandidates.metric().lo());
            assertEquals(exact.metric().from(), viaCandidates.metric().from());
        }
    }

    @Test
    void aboveTheLimitCandidatesAreTheStrataPicksAndTheMostOutlying() {
        ComputedCurves curves = new ComputedCurves(200_000, 60, 100, 0.05);
        SamplingParameters parameters = SamplingParameters.builder().sampleCount(500).seed(3).candidateLimit(20_000)
                .outlierLimit(1_000).build();
        PolylineMetric metric = PolylineMetric.estimate(curves, parameters);
        CandidateCollector collector = new CandidateCollector(curves, parameters, metric, null);
        curves.scanTiles(metric.from(), metric.to(), collector);
        CandidateCollector.Candidates candidates = collector.candidates();
        assertEquals(21_000, candidates.polylineCount());
        int[] strata = new int[20_000];
        int previous = -1;
        Set<Integer> kept = new HashSet<>();
        for (int c = 0; c < candidates.polylineCount(); c++) {
            int p = candidates.polyline(c);
            assertTrue(p > previous, "ascending, distinct");
            previous = p;
            kept.add(p);
            strata[p / 10]++;
        }
        // every stratum of 10 polylines has its pick (outliers add to some)
        assertTrue(Arrays.stream(strata).allMatch(s -> s >= 1));
        for (int p : curves.planted) {
            assertTrue(kept.contains(p), "planted " + p + " is a candidate");
        }
        // the candidates' values are the source's
        float[] fromCandidates = new float[60];
        float[] fromSource = new float[60];
        for (int c : new int[] { 0, 777, 20_999 }) {
            candidates.read(c, 1, fromCandidates);
            curves.read(candidates.polyline(c), 1, fromSource);
            assertArrayEquals(fromSource, fromCandidates);
        }
    }

    @Test
    void keepsThePlantedOutliersAsWellAsTheExactSamplerAtTheSameSize() {
        ComputedCurves curves = new ComputedCurves(2_000_000, 50, 300, 0.05);
        SamplingParameters exactParameters = SamplingParameters.builder().sampleCount(1000).seed(9)
                .candidateLimit(2_000_000).build();
        SamplingParameters bounded = exactParameters.toBuilder().candidateLimit(200_000).outlierLimit(4096).build();
        SamplingResult exact = sampler.sample(curves, exactParameters, new NullProgressMonitor());
        SamplingResult sampled = sampler.sample(curves, bounded, new NullProgressMonitor());
        int exactKept = curves.plantedAmong(exact.selectionOrder());
        int boundedKept = curves.plantedAmong(sampled.selectionOrder());
        assertEquals(1000, sampled.size());
        assertEquals(exact.nonFiniteCandidates(), sampled.nonFiniteCandidates());
        assertTrue(exactKept >= 200, "the exact sampler keeps most planted polylines: " + exactKept);
        assertTrue(boundedKept >= exactKept - 15, "bounded kept " + boundedKept + " of 300, exact " + exactKept);
    }

    @Test
    void nonFinitePolylinesAreKeptEarliestOnsetFirst() {
        int n = 100_000;
        int length = 40;
        float[] values = new float[n * length];
        ComputedCurves base = new ComputedCurves(n, length, 0, 0.05);
        base.read(0, n, values);
        // 60 failing polylines, onsets 5 .. 34, NaN, +Inf or -Inf
        int[] failing = new int[60];
        for (int f = 0; f < failing.length; f++) {
            failing[f] = 1_000 + f * 1_601;
            int onset = 5 + f / 2;
            float bad = f % 3 == 0 ? Float.NaN : f % 3 == 1 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            for (int t = onset; t < length; t++) {
                values[failing[f] * length + t] = bad;
            }
        }
        PolylineSource source = new InMemoryPolylineSource(values, n, length);
        SamplingParameters parameters = SamplingParameters.builder().sampleCount(200).seed(4).candidateLimit(5_000)
                .outlierLimit(100).build();
        SamplingResult result = sampler.sample(source, parameters, new NullProgressMonitor());
        assertEquals(60, result.nonFiniteCandidates());
        Set<Integer> selected = new HashSet<>();
        for (int i : result.selectionOrder()) {
            selected.add(i);
        }
        // the earliest failures (onset 5: the first two) are reserved; the rest are far from the bulk
        assertTrue(selected.contains(failing[0]) || selected.contains(failing[1]), "earliest onset selected");
        long kept = Arrays.stream(failing).filter(selected::contains).count();
        assertTrue(kept >= 50, kept + " of 60 failing polylines in the sample");

        // with room for fewer outliers than failures, the earliest onsets are the ones kept
        SamplingParameters few = parameters.toBuilder().outlierLimit(10).build();
        PolylineMetric metric = PolylineMetric.estimate(source, few);
        CandidateCollector collector = new CandidateCollector(source, few, metric, null);
        source.scanTiles(metric.from(), metric.to(), collector);
        CandidateCollector.Candidates candidates = collector.candidates();
        Set<Integer> kept10 = new HashSet<>();
        for (int c = 0; c < candidates.polylineCount(); c++) {
            kept10.add(candidates.polyline(c));
        }
        for (int f = 0; f < 10; f++) {
            assertTrue(kept10.contains(failing[f]), "failing polyline " + f + " (onset " + (5 + f / 2) + ")");
        }
    }

    @Test
    void aTensorBeyondTheOldLimitOfTheExactSamplerIsSampledWithoutOverflow() {
        // 2^31 / 64 + 1 polylines of 33 points: 32 segments, 64 embedding values each; one int array
        // of all embeddings' 16-bit copies overflowed here
        int n = (1 << 25) + 1;
        ComputedCurves curves = ComputedCurves.straightLines(n, 33, 300, 0.05);
        SamplingParameters parameters = SamplingParameters.builder().sampleCount(300).seed(2).candidateLimit(50_000)
                .outlierLimit(1_000).build();
        SamplingResult result = sampler.sample(curves, parameters, new NullProgressMonitor());
        assertEquals(300, result.size());
        assertTrue(Arrays.stream(result.selectionOrder()).allMatch(i -> i >= 0 && i < n));
        assertTrue(curves.plantedAmong(result.selectionOrder()) >= 100,
                curves.plantedAmong(result.selectionOrder()) + " planted kept");
    }

    @Test
    void theMetricFromRunsOfConsecutivePolylinesMatchesTheOneFromSinglePolylines() {
        ComputedCurves curves = new ComputedCurves(1_000_000, 60, 300, 0.05);
        long[] singleReads = new long[1];
        PolylineSource counted = observed(curves, count -> singleReads[0]++);
        SamplingParameters parameters = SamplingParameters.builder().seed(8).build();
        PolylineMetric single = PolylineMetric.estimate(counted, parameters);
        long readsOneByOne = singleReads[0];
        singleReads[0] = 0;
        PolylineMetric runs = PolylineMetric.estimateFromRuns(counted, parameters);
        assertEquals(1024, readsOneByOne);
        assertEquals(32, singleReads[0], "one read per run");
        // the same statistics of the same curves: quantiles within a few per cent of the bulk's height
        assertEquals(single.lo(), runs.lo(), 0.05 * single.scale());
        assertEquals(single.scale(), runs.scale(), 0.05 * single.scale());
        assertEquals(single.segmentCount(), runs.segmentCount());
    }

    @Test
    void theExactSamplerNamesTheTensorAndTheLimitItCannotPass() {
        ComputedCurves curves = new ComputedCurves(BlueNoisePolylineSampler.EXACT_LIMIT + 1, 20, 0, 0.05);
        SamplingParameters parameters = SamplingParameters.builder().sampleCount(10)
                .candidateLimit(Integer.MAX_VALUE).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sampler.sample(curves, parameters, new NullProgressMonitor()));
        assertTrue(e.getMessage().contains("computed curves"), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(BlueNoisePolylineSampler.EXACT_LIMIT + 1)), e.getMessage());
        assertTrue(e.getMessage().contains(Integer.toString(BlueNoisePolylineSampler.EXACT_LIMIT)), e.getMessage());
    }

    @Test
    void cancellationStopsThePass() {
        ComputedCurves curves = new ComputedCurves(3_000_000, 50, 0, 0.05);
        long[] rowsRead = new long[1];
        PolylineSource counted = observed(curves, count -> rowsRead[0] += count);
        SamplingParameters parameters = SamplingParameters.builder().sampleCount(100).candidateLimit(10_000).build();
        NullProgressMonitor monitor = new NullProgressMonitor() {
            @Override
            public void internalWorked(double work) {
                // once the pass has read a few strips
                if (rowsRead[0] >= 100_000) {
                    setCanceled(true);
                }
            }

            @Override
            public void worked(int work) {
                internalWorked(work);
            }
        };
        assertThrows(OperationCanceledException.class, () -> sampler.sample(counted, parameters, monitor));
        assertTrue(rowsRead[0] < 1_000_000, "stopped after " + rowsRead[0] + " polylines of 3,000,000");
    }

    /** {@code source}, telling {@code onRead} the number of polylines of every read. */
    private static PolylineSource observed(PolylineSource source, java.util.function.IntConsumer onRead) {
        return new PolylineSource() {
            @Override
            public int polylineCount() {
                return source.polylineCount();
            }

            @Override
            public int length() {
                return source.length();
            }

            @Override
            public void read(int first, int count, float[] out) {
                onRead.accept(count);
                source.read(first, count, out);
            }
        };
    }
}
