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
        // the NaN line's one segment is a failure segment (NaN level 1/2, direction 3): from line 0
        // (position 0, direction 0) it is 1/2 + 3/2 = 2 away
        assertEquals(2, SamplingQuality.minimumPairwiseDistance(source, metric, new int[] { 0, 3 }), 1e-7);
        // only line 0 selected: the farthest line is the NaN line
        assertEquals(2, SamplingQuality.coverage(source, metric, new int[] { 0 }, 100, 1), 1e-7);
        assertEquals(2, SamplingQuality.coverage(source, metric, new int[] { 0, 2 }, 100, 1), 1e-7);
        assertEquals(0.25, SamplingQuality.coverage(source, metric, new int[] { 0, 2, 3 }, 100, 1), 1e-7);
    }

    @Test
    void directionBalanceLeavesFailureSegmentsOut() {
        // two points each: one segment; three flat lines fill one bin, the NaN line has no direction
        assertEquals(0, SamplingQuality.directionBalance(source, metric, new int[] { 0, 1, 2, 3 }));
        assertEquals(0, SamplingQuality.directionBalance(source, metric, new int[] { 3 }));
        PolylineSource rising = new InMemoryPolylineSource(new float[] { 0, 0, 0, 1 }, 2, 2);
        // a flat and a rising segment: two bins of eight equally full, entropy ln 2 / ln 8
        assertEquals(Math.log(2) / Math.log(8), SamplingQuality.directionBalance(rising, metric, new int[] { 0, 1 }),
                1e-12);
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
