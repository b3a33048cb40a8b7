package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.RandomPolylineSampler;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;

/**
 * Blue noise against random sampling of the same size, at 1%, on 20,000 smooth polylines in four
 * families with 40 planted groups of 5 outliers, over several seeds of both the data and the sampler.
 */
class OutlierRetentionAndQualityTest {

    private static final long[] SEEDS = { 1, 2, 3 };

    @Test
    void blueNoiseKeepsMostOutlierGroupsWhileRandomKeepsFew() {
        for (long seed : SEEDS) {
            Pair pair = Pair.of(seed);
            double blue = SamplingQuality.outlierRetention(pair.source, pair.metric, pair.blue, pair.curves.groups, 0);
            double random = SamplingQuality.outlierRetention(pair.source, pair.metric, pair.random,
                    pair.curves.groups, 0);
            // random keeps a group with probability 1-(0.99)^5, about 5%
            assertTrue(blue >= 0.8, "seed " + seed + ": blue noise kept " + blue);
            assertTrue(random <= 0.25, "seed " + seed + ": random kept " + random);
            assertTrue(blue - random >= 0.6, "seed " + seed + ": margin " + (blue - random));
        }
    }

    @Test
    void blueNoiseCoversBetterSpreadsWiderAndBalancesDirections() {
        for (long seed : SEEDS) {
            Pair pair = Pair.of(seed);
            double blueCoverage = SamplingQuality.coverage(pair.source, pair.metric, pair.blue, 50_000, seed);
            double randomCoverage = SamplingQuality.coverage(pair.source, pair.metric, pair.random, 50_000, seed);
            assertTrue(blueCoverage < 0.8 * randomCoverage, "seed " + seed + ": coverage " + blueCoverage + " vs "
                    + randomCoverage);

            double blueClosest = SamplingQuality.minimumPairwiseDistance(pair.source, pair.metric, pair.blue);
            double randomClosest = SamplingQuality.minimumPairwiseDistance(pair.source, pair.metric, pair.random);
            assertTrue(blueClosest > 1.5 * randomClosest, "seed " + seed + ": " + blueClosest + " vs " + randomClosest);

            double blueBalance = SamplingQuality.directionBalance(pair.source, pair.metric, pair.blue);
            double randomBalance = SamplingQuality.directionBalance(pair.source, pair.metric, pair.random);
            assertTrue(blueBalance > randomBalance + 0.02, "seed " + seed + ": balance " + blueBalance + " vs "
                    + randomBalance);
        }
    }

    @Test
    void blueNoiseOverdrawsLessThanRandom() {
        for (long seed : SEEDS) {
            Pair pair = Pair.of(seed);
            SamplingQuality.Overdraw blue = SamplingQuality.overdraw(pair.source, pair.metric, pair.blue, 400, 200, 4);
            SamplingQuality.Overdraw random = SamplingQuality.overdraw(pair.source, pair.metric, pair.random, 400, 200,
                    4);
            assertTrue(blue.meanHitsPerCoveredPixel() < random.meanHitsPerCoveredPixel(),
                    "seed " + seed + ": " + blue + " vs " + random);
            assertTrue(blue.crowdedFraction() < random.crowdedFraction(), "seed " + seed + ": " + blue + " vs "
                    + random);
            assertTrue(blue.coveredPixels() > random.coveredPixels(), "seed " + seed + ": " + blue + " vs " + random);
        }
    }

    /** One data set and a blue-noise and a random sample of it of the same size. */
    private record Pair(SyntheticCurves curves, PolylineSource source, PolylineMetric metric, int[] blue,
            int[] random) {
        private static final java.util.Map<Long, Pair> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static Pair of(long seed) {
            return CACHE.computeIfAbsent(seed, s -> {
                SyntheticCurves curves = SyntheticCurves.generate(20_000, 40, 5, 100, 100 + s);
                PolylineSource source = curves.source();
                SamplingParameters parameters = SamplingParameters.builder().sampleRate(0.01).seed(s).build();
                SamplingResult blue = new BlueNoisePolylineSampler().sample(source, parameters, null);
                SamplingResult random = new RandomPolylineSampler().sample(source, parameters, null);
                assertTrue(blue.size() == random.size());
                return new Pair(curves, source, blue.metric(), blue.selectionOrder(), random.selectionOrder());
            });
        }
    }
}
