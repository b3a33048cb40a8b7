package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.PolylineMetric;

class PolylineMetricTest {

    @Test
    void distanceIsTheMeanOfPositionAndDirectionTermsOverSegments() {
        // 3 points, 2 segments, lo 0, scale 1, weights 1 and 1
        PolylineMetric metric = new PolylineMetric(0, 3, 0, 0, 1, 1, 1);
        float[] flat = { 0, 0, 0 };
        float[] rising = { 0, 0.5f, 1 };
        float[] a = new float[4];
        float[] b = new float[4];
        assertEquals(-1, metric.embed(flat, 0, a, 0));
        assertEquals(-1, metric.embed(rising, 0, b, 0));
        // midpoints 0.25 and 0.75; slope (0.5)*2 = 1 on both segments, pseudo-angle 1/2
        double segment1 = Math.abs(0 - 0.25) + Math.abs(0 - 0.5) / 2;
        double segment2 = Math.abs(0 - 0.75) + Math.abs(0 - 0.5) / 2;
        assertEquals((segment1 + segment2) / 2, PolylineMetric.distance(a, 0, b, 0, 4), 1e-7);
    }

    @Test
    void segmentsAreMeansOfRunsOfPointsWhenFewerSegmentsAreAsked() {
        PolylineMetric metric = new PolylineMetric(0, 6, 2, 0, 1, 1, 0);
        assertEquals(2, metric.segmentCount());
        float[] row = { 0, 0, 3, 3, 6, 6 };
        float[] v = new float[4];
        metric.embed(row, 0, v, 0);
        // vertices 0, 3, 6: midpoints 1.5 and 4.5, each weighted 1/N_S
        assertEquals(0.75, v[0], 1e-7);
        assertEquals(2.25, v[1], 1e-7);
    }

    @Test
    void nonFiniteSignatureNamesTheFirstBadPointAndItsKind() {
        PolylineMetric metric = new PolylineMetric(2, 8, 0, 0, 1, 1, 1);
        float[] v = new float[metric.embeddingLength()];
        float[] row = { Float.NaN, 0, 0, 0, Float.NEGATIVE_INFINITY, Float.NaN, 0, 0, 0 };
        assertEquals(3 * 2 + 2, metric.embed(row, 0, v, 0));
        row[4] = 0;
        assertEquals(3 * 3, metric.embed(row, 0, v, 0));
        row[5] = 0;
        assertEquals(-1, metric.embed(row, 0, v, 0), "the NaN at 0 is outside the range");
    }

    @Test
    void pseudoAngleIsMonotoneAndBinsCoverAllDirections() {
        double previous = -1;
        for (double slope = -50; slope <= 50; slope += 0.25) {
            double p = PolylineMetric.pseudoAngle(slope);
            assertTrue(p > previous && p < 1);
            previous = p;
        }
        assertEquals(0, PolylineMetric.directionBin(-0.999));
        assertEquals(PolylineMetric.DIRECTION_BINS - 1, PolylineMetric.directionBin(0.999));
    }
}
