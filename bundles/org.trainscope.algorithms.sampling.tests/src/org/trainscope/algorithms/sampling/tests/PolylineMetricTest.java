package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

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

    /**
     * The embedding is computed in loops arranged for speed; its floats must be exactly those of the
     * definition written segment by segment (the sampler's cached results and the reference test
     * depend on it), and so must the non-finite signature.
     */
    @Test
    void embeddingEqualsTheDefinitionBitForBit() {
        Random random = new Random(3);
        int length = 100;
        for (int trial = 0; trial < 300; trial++) {
            int from = random.nextInt(20);
            int to = from + 2 + random.nextInt(length - from - 1);
            int segments = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(40);
            double lo = random.nextGaussian();
            double scale = Math.exp(3 * random.nextGaussian());
            PolylineMetric metric = new PolylineMetric(from, to, segments, lo, scale, random.nextDouble() * 2,
                    random.nextDouble() * 2);
            float[] row = new float[length];
            for (int j = 0; j < length; j++) {
                row[j] = (float) (random.nextGaussian() * Math.exp(2 * random.nextGaussian()));
            }
            if (random.nextInt(3) == 0) {
                float[] special = { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
                row[random.nextInt(length)] = special[random.nextInt(3)];
            }
            float[] actual = new float[metric.embeddingLength()];
            float[] expected = new float[metric.embeddingLength()];
            int signature = metric.embed(row, 0, actual, 0, metric.newEmbeddingScratch());
            int expectedSignature = embedAsDefined(metric, row, expected);
            assertEquals(expectedSignature, signature, "trial " + trial);
            if (signature < 0) {
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                            "trial " + trial + ", coordinate " + i);
                }
            }
        }
    }

    /** docs/algorithms/blue-noise-polyline-sampling.md §1–§3, one segment at a time. */
    private static int embedAsDefined(PolylineMetric metric, float[] row, float[] out) {
        int from = metric.from();
        int points = metric.to() - from;
        int segments = metric.segmentCount();
        double[] y = new double[segments + 1];
        for (int k = 0; k <= segments; k++) {
            int start = from + (int) ((long) k * points / (segments + 1));
            int end = from + (int) ((long) (k + 1) * points / (segments + 1));
            double sum = 0;
            for (int j = start; j < end; j++) {
                sum += row[j];
            }
            y[k] = (sum / (end - start) - metric.lo()) / metric.scale();
        }
        boolean finite = true;
        for (int i = 0; i < segments; i++) {
            double slope = (y[i + 1] - y[i]) * segments;
            out[i] = (float) (metric.positionWeight() / segments * 0.5 * (y[i] + y[i + 1]));
            out[segments + i] = (float) (metric.directionWeight() / (2.0 * segments) * (slope / (1 + Math.abs(slope))));
        }
        for (double value : y) {
            finite &= Double.isFinite(value);
        }
        if (finite) {
            return -1;
        }
        for (int j = from; j < metric.to(); j++) {
            if (!Float.isFinite(row[j])) {
                return 3 * (j - from) + (Float.isNaN(row[j]) ? 0 : row[j] > 0 ? 1 : 2);
            }
        }
        return -1;
    }
}
