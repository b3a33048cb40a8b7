package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;

/**
 * The sampler's speed comes from bounds, grids, 16-bit copies and a parallel phase, each of which
 * must only ever settle a pair the way the exact distance would. This compares its selection, in
 * order, with {@link ReferenceBlueNoiseSampler} (the spec with exact distances only) on data made
 * to reach every shortcut and its fallbacks: values far off the 16-bit grid (clamped copies),
 * values beyond the normalisation fences and the log compression, identical polylines (distance 0,
 * radius driven to 0), polylines that fail (NaN tails from several onsets, single NaN and ±Inf
 * points, +Inf then NaN, NaN from the start), a replica of {@code vae-unstable} where every
 * polyline fails, and enough polylines for several parallel chunks and selections past the
 * linear-scan limit.
 */
class BlueNoiseMatchesReferenceTest {

    private final BlueNoisePolylineSampler sampler = new BlueNoisePolylineSampler();

    @Test
    void smallInputsInManyConfigurations() {
        InMemoryPolylineSource source = awkward(3_000, 100, 21);
        for (long seed = 1; seed <= 3; seed++) {
            assertSame(source, SamplingParameters.builder().sampleCount(60).seed(seed).build());
            assertSame(source, SamplingParameters.builder().sampleRate(0.05).seed(seed).directionPoolSize(1).build());
        }
        assertSame(source, SamplingParameters.builder().sampleCount(25).seed(4).range(10, 80).segmentCount(0).build());
        assertSame(source, SamplingParameters.builder().sampleCount(40).seed(5).segmentDistanceWeights(2, 0.5).build());
        // more than the distinct polylines allow at any radius: the give-up path takes the rest in order
        assertSame(awkward(300, 40, 8), SamplingParameters.builder().sampleCount(290).seed(6).build());
    }

    @Test
    void everyPolylineFailsAtTheEnd() {
        // vae-unstable: the distances come from the finite parts and the onsets
        InMemoryPolylineSource source = VaeUnstableReplica.generate(3_000, 60, 4).source();
        for (long seed = 1; seed <= 2; seed++) {
            assertSame(source, SamplingParameters.builder().sampleRate(0.02).seed(seed).build());
        }
        assertSame(source, SamplingParameters.builder().sampleCount(30).seed(3).range(20, 59).build());
        assertSame(source, SamplingParameters.builder().sampleCount(50).seed(4).segmentCount(0).build());
    }

    @Test
    void severalChunksAndLongSelections() {
        // 25,000 candidates are four chunks; 400 selected pass the 64-entry linear-scan limit in a chunk
        assertSame(awkward(25_000, 60, 33), SamplingParameters.builder().sampleCount(400).seed(9).build());
    }

    private void assertSame(InMemoryPolylineSource source, SamplingParameters parameters) {
        ReferenceBlueNoiseSampler.Result expected = new ReferenceBlueNoiseSampler(source, parameters).run();
        SamplingResult actual = sampler.sample(source, parameters, null);
        assertArrayEquals(expected.selectionOrder(), actual.selectionOrder(), parameters.toString());
        assertEquals(expected.initialRadius(), actual.initialRadius(), parameters.toString());
        assertEquals(expected.finalRadius(), actual.finalRadius(), parameters.toString());
        assertEquals(expected.passes(), actual.passes(), parameters.toString());
        assertTrue(actual.passes() >= 1);
    }

    /**
     * Synthetic training curves plus: 2% exploding copies of curves (×20 to ×60, off the 16-bit
     * grid), 40 identical polylines, non-finite polylines of three signatures (single points), 30
     * that fail from an onset on (NaN tails, some through +Inf or -Inf first), 5 that are NaN
     * throughout, 5 identical NaN tails, and 6 with a point at 1e30 or -1e25 (compressed).
     */
    static InMemoryPolylineSource awkward(int ordinary, int length, long seed) {
        SyntheticCurves curves = SyntheticCurves.generate(ordinary, Math.max(1, ordinary / 500), 5, length, seed);
        int exploding = Math.max(2, ordinary / 50);
        int identical = 40;
        int nonFinite = 18;
        int failing = 30;
        int allNaN = 5;
        int sameTail = 5;
        int huge = 6;
        int count = curves.count + exploding + identical + nonFinite + failing + allNaN + sameTail + huge;
        float[] values = Arrays.copyOf(curves.values, count * length);
        int next = curves.count;
        for (int i = 0; i < exploding; i++, next++) {
            float factor = 20 + 40f * i / exploding;
            for (int j = 0; j < length; j++) {
                values[next * length + j] = curves.values[i * length + j] * factor;
            }
        }
        for (int i = 0; i < identical; i++, next++) {
            System.arraycopy(curves.values, length, values, next * length, length);
        }
        for (int i = 0; i < nonFinite; i++, next++) {
            System.arraycopy(curves.values, (2 + i) * length, values, next * length, length);
            int at = i < 10 ? length / 3 : i < 15 ? length / 2 : length - 5;
            values[next * length + at] = i < 10 ? Float.NaN : i < 15 ? Float.POSITIVE_INFINITY : Float.NaN;
        }
        for (int i = 0; i < failing; i++, next++) {
            System.arraycopy(curves.values, (20 + i) * length, values, next * length, length);
            int onset = length / 4 + (i * 7) % (3 * length / 4);
            for (int j = onset; j < length; j++) {
                values[next * length + j] = j == onset && i % 5 == 1 ? Float.POSITIVE_INFINITY
                        : j == onset && i % 5 == 2 ? Float.NEGATIVE_INFINITY : Float.NaN;
            }
        }
        for (int i = 0; i < allNaN; i++, next++) {
            Arrays.fill(values, next * length, (next + 1) * length, Float.NaN);
        }
        for (int i = 0; i < sameTail; i++, next++) {
            System.arraycopy(curves.values, 3 * length, values, next * length, length);
            Arrays.fill(values, next * length + length - 4, (next + 1) * length, Float.NaN);
        }
        for (int i = 0; i < huge; i++, next++) {
            System.arraycopy(curves.values, (60 + i) * length, values, next * length, length);
            values[next * length + length / 2 + i] = i % 2 == 0 ? 1e30f : -1e25f;
        }
        return new InMemoryPolylineSource(values, count, length);
    }
}
