package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;

class NonFiniteAndRangeTest {

    private final BlueNoisePolylineSampler sampler = new BlueNoisePolylineSampler();

    /** 3,000 curves; rows 0-9 NaN from point 30, 10-14 +Inf at 50, 15-16 -Inf at 50. */
    private static float[] withNonFinite() {
        SyntheticCurves curves = SyntheticCurves.generate(3_000, 0, 0, 100, 3);
        float[] values = curves.values.clone();
        for (int row = 0; row < 10; row++) {
            for (int j = 30; j < 100; j++) {
                values[row * 100 + j] = Float.NaN;
            }
        }
        for (int row = 10; row < 15; row++) {
            values[row * 100 + 50] = Float.POSITIVE_INFINITY;
        }
        for (int row = 15; row < 17; row++) {
            values[row * 100 + 50] = Float.NEGATIVE_INFINITY;
        }
        return values;
    }

    @Test
    void theEarliestFailureIsKeptAndEveryPairStaysPoissonDisk() {
        PolylineSource source = new InMemoryPolylineSource(withNonFinite(), 3_000, 100);
        int failing = 0;
        for (long seed = 1; seed <= 3; seed++) {
            SamplingResult result = sampler.sample(source,
                    SamplingParameters.builder().sampleCount(40).seed(seed).build(), null);
            assertEquals(40, result.size());
            assertEquals(17, result.nonFiniteCandidates());
            assertTrue(result.selectionOrder()[0] < 10, "the NaN from point 30 on fails first and is reserved");
            assertTrue(result.finalRadius() > 0, "radius " + result.finalRadius());
            double closest = SamplingQuality.minimumPairwiseDistance(source, result.metric(), result.selectionOrder());
            assertTrue(closest >= result.finalRadius(), closest + " < " + result.finalRadius());
            for (int row : result.selectionOrder()) {
                failing += row < 17 ? 1 : 0;
            }
        }
        // 17 of 3,000 fail: chance alone puts 0.7 of them into 3 samples of 40; their failure segments
        // make them outliers
        assertTrue(failing >= 9, failing + " failing polylines in 3 samples");
    }

    @Test
    void nonFiniteValuesOutsideTheRangeDoNotCount() {
        PolylineSource source = new InMemoryPolylineSource(withNonFinite(), 3_000, 100);
        SamplingResult result = sampler.sample(source,
                SamplingParameters.builder().sampleCount(40).seed(9).range(0, 30).build(), null);
        assertEquals(0, result.nonFiniteCandidates());
    }

    @Test
    void aSampleOfOneIsTheEarliestFailureAndALargeOneTakesEverything() {
        PolylineSource source = new InMemoryPolylineSource(withNonFinite(), 3_000, 100);
        SamplingResult one = sampler.sample(source, SamplingParameters.builder().sampleCount(1).seed(1).build(),
                null);
        assertTrue(one.selectionOrder()[0] < 10, "the first polyline to fail: " + one.selectionOrder()[0]);
        SamplingResult all = sampler.sample(source, SamplingParameters.builder().sampleCount(3_000).seed(1).build(),
                null);
        assertEquals(3_000, new HashSet<>(java.util.Arrays.stream(all.selectionOrder().clone()).boxed().toList()).size());
    }

    @Test
    void samplingARangeKeepsOutliersThatOnlyShowInThatRange() {
        // 4,000 ordinary curves; 8 groups of 5 that deviate only in points [70, 80)
        SyntheticCurves curves = SyntheticCurves.generate(4_040, 0, 0, 100, 21);
        float[] values = curves.values.clone();
        int[][] groups = new int[8][5];
        for (int g = 0; g < 8; g++) {
            for (int s = 0; s < 5; s++) {
                int row = 100 + 400 * g + 37 * s;
                groups[g][s] = row;
                for (int j = 70; j < 80; j++) {
                    values[row * 100 + j] += (g % 2 == 0 ? 0.3f : -0.3f) * (1 + 0.1f * g);
                }
            }
        }
        PolylineSource source = new InMemoryPolylineSource(values, 4_040, 100);
        int keptInRange = 0;
        int keptOutside = 0;
        for (long seed = 1; seed <= 3; seed++) {
            SamplingParameters zoomed = SamplingParameters.builder().sampleCount(40).seed(seed).range(60, 90)
                    .build();
            SamplingResult inRange = sampler.sample(source, zoomed, null);
            assertEquals(60, inRange.metric().from());
            assertEquals(90, inRange.metric().to());
            assertTrue(SamplingQuality.minimumPairwiseDistance(source, inRange.metric(), inRange.selectionOrder())
                    >= inRange.finalRadius());
            keptInRange += Math.round(8 * SamplingQuality.outlierRetention(source, inRange.metric(),
                    inRange.selectionOrder(), groups, 0));
            SamplingResult early = sampler.sample(source, zoomed.toBuilder().range(0, 50).build(), null);
            keptOutside += Math.round(8 * SamplingQuality.outlierRetention(source, early.metric(),
                    early.selectionOrder(), groups, 0));
        }
        // 40 of 4,040 is 1%: chance alone keeps about 5% of the groups
        assertTrue(keptInRange >= 20, "kept " + keptInRange + " of 24 when sampling the range that shows them");
        assertTrue(keptOutside <= 6, "kept " + keptOutside + " of 24 when sampling a range where they are ordinary");
    }
}
