package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingQuality;

class SamplingQualityTest {

    /** Three flat lines at 0, 0.25 and 1 (2 points each) and a NaN line. */
    private final PolylineSource source = new InMemoryPolylineSource(
            new float[] { 0, 0, 0.25f, 0.25f, 1, 1, Float.NaN, 0 }, 4, 2);
    private final PolylineMetric metric = new PolylineMetric(0, 2, 0, 0, 1, 1, 1);

    @Test
    void minimumPairwiseDistanceAndCoverageOnFlatLines() {
        assertEquals(0.25, SamplingQuality.minimumPairwiseDistance(source, metric, new int[] { 0, 1, 2 }), 1e-7);
        assertEquals(0.75, SamplingQuality.minimumPairwiseDistance(source, metric, new int[] { 1, 2 }), 1e-7);
        // only line 0 selected: the farthest finite line is at distance 1
        assertEquals(1, SamplingQuality.coverage(source, metric, new int[] { 0 }, 100, 1), 1e-7);
        assertEquals(0.25, SamplingQuality.coverage(source, metric, new int[] { 0, 2 }, 100, 1), 1e-7);
    }

    @Test
    void retentionCountsMembersOrNearbySelections() {
        int[][] groups = { { 2 }, { 1 } };
        assertEquals(0.5, SamplingQuality.outlierRetention(source, metric, new int[] { 0, 2 }, groups, 0));
        assertEquals(1.0, SamplingQuality.outlierRetention(source, metric, new int[] { 0, 2 }, groups, 0.3));
    }

    @Test
    void overdrawCountsEachLineOncePerPixel() {
        SamplingQuality.Overdraw twice = SamplingQuality.overdraw(source, metric, new int[] { 0, 0 }, 10, 5, 1);
        assertEquals(10, twice.coveredPixels());
        assertEquals(2.0, twice.meanHitsPerCoveredPixel());
        assertEquals(1.0, twice.crowdedFraction());
        SamplingQuality.Overdraw apart = SamplingQuality.overdraw(source, metric, new int[] { 0, 2, 3 }, 10, 5, 1);
        assertEquals(20, apart.coveredPixels());
        assertEquals(1.0, apart.meanHitsPerCoveredPixel());
    }
}
