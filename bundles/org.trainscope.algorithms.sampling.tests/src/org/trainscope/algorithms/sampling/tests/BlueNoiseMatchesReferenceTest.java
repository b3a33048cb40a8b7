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
 * identical polylines (distance 0, radius driven to 0), NaN and Inf of several signatures, and
 * enough polylines for several parallel chunks and selections past the linear-scan limit.
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
     * grid), 40 identical polylines, and non-finite polylines of three signatures.
     */
    static InMemoryPolylineSource awkward(int ordinary, int length, long seed) {
        SyntheticCurves curves = SyntheticCurves.generate(ordinary, Math.max(1, ordinary / 500), 5, length, seed);
        int exploding = Math.max(2, ordinary / 50);
        int identical = 40;
        int nonFinite = 18;
        int count = curves.count + exploding + identical + nonFinite;
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
        return new InMemoryPolylineSource(values, count, length);
    }
}
