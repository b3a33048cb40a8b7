package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;

class BlueNoisePolylineSamplerTest {

    private static final SyntheticCurves CURVES = SyntheticCurves.generate(5_000, 10, 5, 100, 11);
    private final BlueNoisePolylineSampler sampler = new BlueNoisePolylineSampler();

    private static SamplingParameters.Builder parameters() {
        return SamplingParameters.builder().sampleCount(60).seed(5);
    }

    @Test
    void sameSeedGivesSameSampleAndOtherSeedsDiffer() {
        SamplingResult first = sampler.sample(CURVES.source(), parameters().build(), null);
        SamplingResult again = sampler.sample(CURVES.source(), parameters().build(), new NullProgressMonitor());
        SamplingResult other = sampler.sample(CURVES.source(), parameters().seed(6).build(), null);
        assertArrayEquals(first.selectionOrder(), again.selectionOrder());
        assertEquals(first.finalRadius(), again.finalRadius());
        assertFalse(Arrays.equals(first.sortedIndices(), other.sortedIndices()));
    }

    @Test
    void sampleDoesNotDependOnTheNumberOfThreads() throws Exception {
        SamplingParameters p = parameters().build();
        int[] single = new ForkJoinPool(1).submit(() -> sampler.sample(CURVES.source(), p, null)).get()
                .selectionOrder();
        int[] four = new ForkJoinPool(4).submit(() -> sampler.sample(CURVES.source(), p, null)).get()
                .selectionOrder();
        assertArrayEquals(single, four);
    }

    @Test
    void noTwoSelectedPolylinesAreCloserThanTheFinalRadius() {
        for (long seed = 1; seed <= 3; seed++) {
            SamplingResult result = sampler.sample(CURVES.source(), parameters().seed(seed).build(), null);
            assertTrue(result.finalRadius() > 0, "radius " + result.finalRadius());
            double closest = SamplingQuality.minimumPairwiseDistance(CURVES.source(), result.metric(),
                    result.selectionOrder());
            assertTrue(closest >= result.finalRadius(), closest + " < " + result.finalRadius());
        }
    }

    @Test
    void selectsExactlyTheRequestedNumberOfDistinctPolylines() {
        for (int count : new int[] { 1, 7, 50, 333, 5_050, 9_999 }) {
            SamplingResult result = sampler.sample(CURVES.source(), parameters().sampleCount(count).build(), null);
            int expected = Math.min(count, CURVES.count);
            assertEquals(expected, result.size(), "requested " + count);
            assertEquals(expected, Arrays.stream(result.selectionOrder()).distinct().count());
        }
        SamplingResult byRate = sampler.sample(CURVES.source(), parameters().sampleRate(0.01).build(), null);
        assertEquals(Math.round(0.01 * CURVES.count), byRate.size());
    }

    @Test
    void cancelledMonitorStopsTheSampler() {
        CancellingMonitor atOnce = new CancellingMonitor(0);
        assertThrows(OperationCanceledException.class,
                () -> sampler.sample(CURVES.source(), parameters().build(), atOnce));
        // cancelled in the middle of the work, after some progress was reported
        CancellingMonitor midway = new CancellingMonitor(3);
        assertThrows(OperationCanceledException.class,
                () -> sampler.sample(CURVES.source(), parameters().build(), midway));
        assertTrue(midway.worked >= 3);
    }

    @Test
    void emptySourceGivesEmptySample() {
        SamplingResult result = sampler.sample(new InMemoryPolylineSource(new float[0], 0, 10), parameters().build(),
                null);
        assertEquals(0, result.size());
    }

    @Test
    void identicalPolylinesStillReachTheCount() {
        float[] values = new float[200 * 20];
        PolylineSource source = new InMemoryPolylineSource(values, 200, 20);
        SamplingResult result = sampler.sample(source, parameters().sampleCount(10).build(), null);
        assertEquals(10, result.size());
        assertEquals(0, result.finalRadius(), "all distances are 0: the Poisson-disk radius must give way");
    }

    /** Counts progress and reports cancellation once {@code afterWork} units were reported. */
    static final class CancellingMonitor extends NullProgressMonitor {
        private final int afterWork;
        int worked;

        CancellingMonitor(int afterWork) {
            this.afterWork = afterWork;
        }

        @Override
        public void worked(int work) {
            worked += work;
        }

        @Override
        public void internalWorked(double work) {
            worked += (int) Math.ceil(work);
        }

        @Override
        public boolean isCanceled() {
            return worked >= afterWork;
        }
    }
}
