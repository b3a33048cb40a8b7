package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.RandomPolylineSampler;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;

/**
 * Issue 10 on a replica of {@code vae-unstable}: every polyline turns NaN (or ±Inf) in its last
 * records. Version 1 put them all at distance 0 from each other: radius 0, the blue-noise sample
 * was the random one and the extreme lines were lost.
 */
class VaeUnstableReplicaTest {

    private static final VaeUnstableReplica RUN = VaeUnstableReplica.generate(4_000, 60, 10);

    @Test
    void blueNoiseKeepsEveryExtremeLineAndDiffersFromRandom() {
        PolylineSource source = RUN.source();
        for (double rate : new double[] { 0.01, 0.02, 0.05 }) {
            SamplingParameters parameters = SamplingParameters.builder().sampleRate(rate).seed(42).build();
            SamplingResult blue = new BlueNoisePolylineSampler().sample(source, parameters, null);
            SamplingResult random = new RandomPolylineSampler().sample(source, parameters, null);
            String at = "at " + rate + ": " + blue;
            assertTrue(blue.nonFiniteCandidates() == RUN.count, at);
            Set<Integer> chosen = Arrays.stream(blue.selectionOrder()).boxed().collect(Collectors.toSet());
            for (int row : RUN.extreme) {
                assertTrue(chosen.contains(row), "extreme line " + row + " (20-37) not kept " + at);
            }
            for (int row : RUN.gradientScale) {
                assertTrue(chosen.contains(row), "line " + row + " of +-2.5e7 not kept " + at);
            }
            assertFalse(Arrays.equals(blue.sortedIndices(), random.sortedIndices()), at);
            assertTrue(blue.hasRadius() && blue.finalRadius() > 0, at);
            double closest = SamplingQuality.minimumPairwiseDistance(source, blue.metric(), blue.selectionOrder());
            double coverage = SamplingQuality.coverage(source, blue.metric(), blue.selectionOrder(), 4_000, 1);
            double randomCoverage = SamplingQuality.coverage(source, blue.metric(), random.selectionOrder(), 4_000,
                    1);
            assertTrue(Double.isFinite(closest) && closest >= blue.finalRadius(), closest + " " + at);
            assertTrue(Double.isFinite(coverage) && coverage < randomCoverage,
                    "coverage " + coverage + " vs random " + randomCoverage + " " + at);
            double balance = SamplingQuality.directionBalance(source, blue.metric(), blue.selectionOrder());
            assertTrue(balance > 0 && balance <= 1, "direction balance " + balance);
        }
    }

    @Test
    void randomSamplingHasNoRadius() {
        SamplingResult random = new RandomPolylineSampler().sample(RUN.source(),
                SamplingParameters.builder().sampleRate(0.01).seed(42).build(), null);
        assertFalse(random.hasRadius());
        assertTrue(random.radius().isEmpty());
        assertFalse(random.toString().contains("NaN"), random.toString());
    }
}
