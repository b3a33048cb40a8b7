package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.SamplingParameters;

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
     * The embedding is computed in loops arranged for speed, and again segment by segment for
     * polylines with non-finite or far values; its floats must be exactly those of the definition
     * written segment by segment (the sampler's cached results and the reference test depend on it),
     * and so must the non-finite signature. Rows with NaN tails, single NaN or infinite points, all-NaN
     * rows and values far beyond the bulk (compressed) are all checked.
     */
    @Test
    void embeddingEqualsTheDefinitionBitForBit() {
        Random random = new Random(3);
        int length = 100;
        float[] special = { Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY };
        for (int trial = 0; trial < 600; trial++) {
            int from = random.nextInt(20);
            int to = from + 2 + random.nextInt(length - from - 1);
            int segments = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(40);
            double lo = random.nextGaussian();
            double scale = Math.exp(3 * random.nextGaussian());
            PolylineMetric metric = new PolylineMetric(from, to, segments, lo, scale, random.nextDouble() * 2,
                    random.nextDouble() * 2);
            float[] row = new float[length];
            for (int j = 0; j < length; j++) {
                row[j] = (float) (lo + scale * random.nextDouble() + random.nextGaussian() * Math.exp(2 * random.nextGaussian()));
            }
            switch (random.nextInt(6)) {
                case 0 -> row[random.nextInt(length)] = special[random.nextInt(3)];
                case 1 -> {
                    // a failure: non-finite from some point on, possibly of mixed kinds
                    for (int j = from + random.nextInt(to - from); j < length; j++) {
                        row[j] = special[random.nextInt(4) == 0 ? random.nextInt(3) : 0];
                    }
                }
                case 2 -> row[random.nextInt(length)] = (float) (lo + scale * Math.exp(40 * random.nextDouble()));
                case 3 -> java.util.Arrays.fill(row, Float.NaN);
                default -> {
                }
            }
            float[] actual = new float[metric.embeddingLength()];
            float[] expected = new float[metric.embeddingLength()];
            byte[] bins = new byte[metric.segmentCount()];
            byte[] expectedBins = new byte[metric.segmentCount()];
            int signature = metric.embed(row, 0, actual, 0, metric.newEmbeddingScratch());
            int expectedSignature = embedAsDefined(metric, row, expected, expectedBins);
            metric.directionBins(row, 0, bins, 0);
            assertEquals(expectedSignature, signature, "trial " + trial);
            assertArrayEquals(expectedBins, bins, "trial " + trial);
            for (int i = 0; i < expected.length; i++) {
                assertTrue(Float.isFinite(actual[i]), "trial " + trial + ", coordinate " + i);
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        "trial " + trial + ", coordinate " + i);
            }
        }
    }

    /** docs/algorithms/blue-noise-polyline-sampling.md §1–§3, one segment at a time. */
    private static int embedAsDefined(PolylineMetric metric, float[] row, float[] out, byte[] bins) {
        int from = metric.from();
        int points = metric.to() - from;
        int segments = metric.segmentCount();
        double[] y = new double[segments + 1];
        int[] kind = new int[segments + 1];
        for (int k = 0; k <= segments; k++) {
            int start = from + (int) ((long) k * points / (segments + 1));
            int end = from + (int) ((long) (k + 1) * points / (segments + 1));
            double sum = 0;
            kind[k] = -1;
            for (int j = start; j < end; j++) {
                sum += row[j];
                if (kind[k] < 0 && !Float.isFinite(row[j])) {
                    kind[k] = Float.isNaN(row[j]) ? 0 : row[j] > 0 ? 1 : 2;
                }
            }
            double normalised = (sum / (end - start) - metric.lo()) / metric.scale();
            // §1, far values: u = y' - 1/2 beyond 16 bulk heights grows like a logarithm
            double u = normalised - 0.5;
            y[k] = Math.abs(u) <= 16 ? normalised : 0.5 + Math.signum(u) * 16 * (1 + Math.log(Math.abs(u) / 16));
        }
        double[] sentinelLevel = { 0.5, 2, -1 };
        for (int i = 0; i < segments; i++) {
            double position;
            double direction;
            if (kind[i] < 0 && kind[i + 1] < 0) {
                double slope = (y[i + 1] - y[i]) * segments;
                position = 0.5 * (y[i] + y[i + 1]);
                direction = slope / (1 + Math.abs(slope));
                // §5: 8 equal bins of p over (-1, 1)
                bins[i] = (byte) Math.min(7, Math.max(0, (int) ((direction + 1) * 4)));
            } else {
                // §3: a failure segment, of the kind of its later non-finite vertex
                position = sentinelLevel[kind[i + 1] >= 0 ? kind[i + 1] : kind[i]];
                direction = 3;
                bins[i] = (byte) PolylineMetric.NON_FINITE_BIN;
            }
            out[i] = (float) (metric.positionWeight() / segments * position);
            out[segments + i] = (float) (metric.directionWeight() / (2.0 * segments) * direction);
        }
        for (int j = from; j < metric.to(); j++) {
            if (!Float.isFinite(row[j])) {
                return 3 * (j - from) + (Float.isNaN(row[j]) ? 0 : row[j] > 0 ? 1 : 2);
            }
        }
        return -1;
    }

    /**
     * §3 on hand-made polylines of 9 points (8 segments, lo 0, scale 1, weights 1 and 1): a failure
     * segment is at least w_d from any finite one, failures of the same onset and kind differ only by
     * their finite parts, and onsets apart by k vertices are at least k*w_d/N_S apart.
     */
    @Test
    void failuresAreApartByTheirOnsetAndTheirFinitePart() {
        PolylineMetric metric = new PolylineMetric(0, 9, 0, 0, 1, 1, 1);
        float nan = Float.NaN;
        float[] finite = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f };
        float[] nanAtEnd = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, nan };
        float[] shiftedNanAtEnd = { 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f, nan };
        float[] nanFromSix = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, nan, nan, nan };
        float[] infAtEnd = { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f, Float.POSITIVE_INFINITY };
        double toNanAtEnd = distance(metric, finite, nanAtEnd);
        // one failure segment, from (0.85, slope 0.8 -> p 4/9) to (1/2, 3): (0.35 + (3 - 4/9)/2) / 8
        assertEquals((0.35 + (3 - 0.8 / 1.8) / 2) / 8, toNanAtEnd, 1e-6);
        assertTrue(toNanAtEnd >= 1.0 / 8 && Double.isFinite(toNanAtEnd), "apart, not infinitely: " + toNanAtEnd);
        // same onset and kind: the distance of the 7 finite segments only (each 0.2 higher)
        assertEquals(7 * 0.2 / 8, distance(metric, nanAtEnd, shiftedNanAtEnd), 1e-6);
        // onsets 6 and 8: segments 5 and 6 have failed in one only, each adds at least w_d / N_S
        double onsets = distance(metric, nanFromSix, nanAtEnd);
        assertTrue(onsets >= 2.0 / 8, "onset difference 2: " + onsets);
        assertTrue(distance(metric, nanFromSix, finite) > toNanAtEnd, "an earlier failure is farther");
        // same onset, other kind: +Inf one and a half bulk heights above NaN on the failure segment
        assertEquals(1.5 / 8, distance(metric, nanAtEnd, infAtEnd), 1e-6);
        // a pseudo-metric: the triangle inequality holds through failures
        assertTrue(distance(metric, finite, nanFromSix) <= toNanAtEnd + distance(metric, nanAtEnd, nanFromSix) + 1e-9);
    }

    @Test
    void farValuesAreCompressedLikeALogAxisAndStayOrdered() {
        assertEquals(0.5 + 10, PolylineMetric.compress(0.5 + 10));
        assertEquals(0.5 + 16, PolylineMetric.compress(0.5 + 16));
        assertEquals(0.5 + 16 * (1 + Math.log(2)), PolylineMetric.compress(0.5 + 32), 1e-12);
        assertEquals(0.5 - 16 * (1 + Math.log(2)), PolylineMetric.compress(0.5 - 32), 1e-12);
        double previous = PolylineMetric.compress(1);
        for (double magnitude = 2; magnitude < 1e300; magnitude *= 3) {
            double next = PolylineMetric.compress(magnitude);
            assertTrue(next > previous && next < 12_000, magnitude + " -> " + next);
            previous = next;
        }
        // a polyline at 1e30 bulk heights has a finite embedding, far from one at 1e10
        PolylineMetric metric = new PolylineMetric(0, 3, 0, 0, 1, 1, 1);
        double d = distance(metric, new float[] { 0, 1e30f, 0 }, new float[] { 0, 1e10f, 0 });
        assertTrue(Double.isFinite(d) && d > 100, "1e30 vs 1e10: " + d);
    }

    /**
     * §1: the bulk spans [0, 1] even when a few percent of the values explode (the fences), while
     * Gaussian data keep their 0.5% and 99.5% quantiles.
     */
    @Test
    void normalisationKeepsTheBulkWhenAFewPercentExplode() {
        Random random = new Random(5);
        int n = 1_000;
        int length = 10;
        float[] gaussian = new float[n * length];
        for (int i = 0; i < gaussian.length; i++) {
            gaussian[i] = (float) random.nextGaussian();
        }
        PolylineMetric plain = PolylineMetric.estimate(new InMemoryPolylineSource(gaussian, n, length),
                SamplingParameters.builder().build());
        float[] sorted = gaussian.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[(int) Math.floor(0.005 * (sorted.length - 1))], plain.lo(), 0);
        assertEquals(sorted[(int) Math.ceil(0.995 * (sorted.length - 1))] - plain.lo(), plain.scale(), 1e-6);
        float[] exploding = gaussian.clone();
        for (int i = 0; i < n; i += 25) {
            // 4% of the polylines explode at their last two points: 0.8% of the values, more than the
            // 0.5% the quantiles alone tolerate
            exploding[i * length + length - 1] = i % 50 == 0 ? 1e30f : -1e30f;
            exploding[i * length + length - 2] = 1e20f;
        }
        PolylineMetric fenced = PolylineMetric.estimate(new InMemoryPolylineSource(exploding, n, length),
                SamplingParameters.builder().build());
        assertTrue(fenced.scale() < 15 && fenced.lo() > -8, "the bulk, not the explosion: " + fenced);
    }

    private static double distance(PolylineMetric metric, float[] a, float[] b) {
        float[] va = new float[metric.embeddingLength()];
        float[] vb = new float[metric.embeddingLength()];
        metric.embed(a, 0, va, 0);
        metric.embed(b, 0, vb, 0);
        return PolylineMetric.distance(va, 0, vb, 0, va.length);
    }
}
