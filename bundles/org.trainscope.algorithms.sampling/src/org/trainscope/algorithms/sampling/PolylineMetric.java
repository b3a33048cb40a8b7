package org.trainscope.algorithms.sampling;

import java.util.Arrays;

import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * The polyline distance of DGMTracker's blue-noise sampling, exactly as defined in
 * docs/algorithms/blue-noise-polyline-sampling.md.
 * <p>
 * Points {@code [from, to)} of a polyline are reduced to N_S+1 vertices, each the mean of a run
 * of consecutive points (N_S = min(to-from-1, the segment-count parameter); with as many segments as
 * point gaps each vertex is a point), and placed in the unit square: x_k = k/N_S, y' = (y-lo)/scale, where lo and scale are robust bounds of the values (0.5% and
 * 99.5% quantiles of a seeded subsample) so that the bulk of the data spans [0, 1] on both axes.
 * Segment i has a position (the y' of its midpoint, m_i) and a direction, the pseudo-angle
 * p_i = s_i/(1+|s_i|) of its slope s_i = (y'_{i+1}-y'_i)*N_S (monotone in the angle, in (-1, 1), no
 * trigonometry). The segment distance is d_C = w_p*|m1_i-m2_i| + w_d*|p1_i-p2_i|/2 and the polyline
 * distance d = (1/N_S) * sum_i d_C.
 * <p>
 * Because d is a weighted L1 distance, a polyline is {@linkplain #embed embedded} once as the vector
 * V = (w_p*m_i/N_S ..., w_d*p_i/(2*N_S) ...) of length 2*N_S, and d(L1, L2) = |V1 - V2|_1.
 * Instances are immutable and thread-safe.
 */
public final class PolylineMetric {

    /** Number of direction bins used for the balance histogram, equal in p over (-1, 1). */
    public static final int DIRECTION_BINS = 8;

    /** Polylines read to estimate lo and scale. */
    private static final int NORMALISATION_SUBSAMPLE = 1024;
    private static final double LOW_QUANTILE = 0.005;
    private static final double HIGH_QUANTILE = 0.995;

    private final int from;
    private final int to;
    private final int segments;
    /** Vertex k is the mean of points [bucketStart[k], bucketStart[k+1]) (absolute indices). */
    private final int[] bucketStart;
    private final double lo;
    private final double scale;
    private final double positionWeight;
    private final double directionWeight;

    /**
     * @param maxSegments N_S at most; 0 for one segment between each two points of the range
     */
    public PolylineMetric(int from, int to, int maxSegments, double lo, double scale, double positionWeight,
            double directionWeight) {
        if (from < 0 || to - from < 2 || maxSegments < 0 || !(scale > 0)
                || Double.isInfinite(scale) || !Double.isFinite(lo)) {
            throw new IllegalArgumentException("from " + from + ", to " + to + ", lo " + lo + ", scale " + scale);
        }
        this.from = from;
        this.to = to;
        int points = to - from;
        this.segments = maxSegments == 0 ? points - 1 : Math.min(points - 1, maxSegments);
        this.bucketStart = new int[segments + 2];
        for (int k = 0; k <= segments + 1; k++) {
            bucketStart[k] = from + (int) ((long) k * points / (segments + 1));
        }
        this.lo = lo;
        this.scale = scale;
        this.positionWeight = positionWeight;
        this.directionWeight = directionWeight;
    }

    /**
     * Estimates lo and scale from the finite values in the range of a seeded subsample of the source.
     */
    public static PolylineMetric estimate(PolylineSource source, SamplingParameters parameters) {
        int length = source.length();
        int from = parameters.resolveFrom(length);
        int to = parameters.resolveTo(length);
        int n = source.polylineCount();
        int rows = Math.min(n, NORMALISATION_SUBSAMPLE);
        SplitMix64 random = new SplitMix64(parameters.seed() ^ 0x6E6F726D616C697AL);
        float[] row = new float[length];
        float[] finite = new float[rows * (to - from)];
        int found = 0;
        for (int r = 0; r < rows; r++) {
            int index = rows == n ? r : random.nextInt(n);
            source.read(index, 1, row);
            for (int j = from; j < to; j++) {
                if (Float.isFinite(row[j])) {
                    finite[found++] = row[j];
                }
            }
        }
        double lo = 0;
        double scale = 1;
        if (found > 0) {
            Arrays.sort(finite, 0, found);
            lo = finite[(int) Math.floor(LOW_QUANTILE * (found - 1))];
            double hi = finite[(int) Math.ceil(HIGH_QUANTILE * (found - 1))];
            scale = hi - lo;
            if (!(scale > 0) || Double.isInfinite(scale)) {
                // almost constant data: fall back to the full finite range, then to the magnitude
                scale = (double) finite[found - 1] - finite[0];
            }
            if (!(scale > 0) || Double.isInfinite(scale)) {
                scale = Math.max(1e-30, Math.abs(lo));
            }
        }
        return new PolylineMetric(from, to, parameters.segmentCount(), lo, scale, parameters.positionWeight(),
                parameters.directionWeight());
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    public double lo() {
        return lo;
    }

    public double scale() {
        return scale;
    }

    public double positionWeight() {
        return positionWeight;
    }

    public double directionWeight() {
        return directionWeight;
    }

    /** @return N_S, the number of segments the range is reduced to */
    public int segmentCount() {
        return segments;
    }

    /** @return the length of an {@linkplain #embed embedding}: 2*N_S */
    public int embeddingLength() {
        return 2 * segments;
    }

    /** @return a value in the normalised unit square (bulk of the data in [0, 1]) */
    public double normalise(float value) {
        return (value - lo) / scale;
    }

    /** @return the pseudo-angle p of a slope s (in unit-square coordinates), in (-1, 1) */
    public static double pseudoAngle(double slope) {
        return slope / (1 + Math.abs(slope));
    }

    /** @return the direction bin of a pseudo-angle, 0 .. DIRECTION_BINS-1 */
    public static int directionBin(double pseudoAngle) {
        int bin = (int) ((pseudoAngle + 1) * (DIRECTION_BINS / 2.0));
        return Math.min(DIRECTION_BINS - 1, Math.max(0, bin));
    }

    /** @return the raw mean of the points of vertex {@code k}; non-finite if one of them is */
    private double vertex(float[] rows, int rowOffset, int k) {
        double sum = 0;
        int end = rowOffset + bucketStart[k + 1];
        for (int j = rowOffset + bucketStart[k]; j < end; j++) {
            sum += rows[j];
        }
        // a double sum of finite floats cannot overflow, so it is finite iff every point is
        return sum / (bucketStart[k + 1] - bucketStart[k]);
    }

    /** @return a scratch array for {@link #embed(float[], int, float[], int, double[])}: N_S + 1 doubles */
    public double[] newEmbeddingScratch() {
        return new double[segments + 1];
    }

    /**
     * Writes the embedding V of the polyline whose full row (all {@code length} points) starts at
     * {@code rows[rowOffset]} to {@code out[outOffset ..]}.
     *
     * @return -1 if all values in the range are finite; otherwise the non-finite signature
     *         {@code 3*j + kind} of the first non-finite value, j its index relative to the range start,
     *         kind 0 for NaN, 1 for +Inf, 2 for -Inf (then {@code out} holds garbage)
     */
    public int embed(float[] rows, int rowOffset, float[] out, int outOffset) {
        return embed(rows, rowOffset, out, outOffset, newEmbeddingScratch());
    }

    /**
     * {@link #embed(float[], int, float[], int)} with a caller's scratch array (from
     * {@link #newEmbeddingScratch()}, one per thread) for loops over many polylines.
     */
    public int embed(float[] rows, int rowOffset, float[] out, int outOffset, double[] scratch) {
        // The same operations in the same order as the definition (bit-identical results), but as
        // three loops without a chain from one segment to the next, so that the divisions (mean,
        // normalisation, pseudo-angle: three in a row per segment) overlap instead of waiting for
        // each other; the normalisation loop is one the JIT vectorises.
        double[] y = scratch;
        for (int k = 0; k <= segments; k++) {
            y[k] = vertex(rows, rowOffset, k);
        }
        double finiteCheck = 0;
        for (int k = 0; k <= segments; k++) {
            double normalised = (y[k] - lo) / scale;
            y[k] = normalised;
            // stays finite (0) iff every normalised vertex is finite: NaN and Inf times 0 are NaN
            finiteCheck += normalised * 0;
        }
        double positionScale = positionWeight / segments;
        double directionScale = directionWeight / (2.0 * segments);
        for (int i = 0; i < segments; i++) {
            double previous = y[i];
            double next = y[i + 1];
            double slope = (next - previous) * segments;
            out[outOffset + i] = (float) (positionScale * 0.5 * (previous + next));
            out[outOffset + segments + i] = (float) (directionScale * (slope / (1 + Math.abs(slope))));
        }
        // one branch per polyline rather than per point keeps the loops simple for the JIT
        return finiteCheck == 0 ? -1 : nonFiniteSignature(rows, rowOffset);
    }

    private int nonFiniteSignature(float[] rows, int rowOffset) {
        for (int j = from; j < to; j++) {
            float v = rows[rowOffset + j];
            if (Float.isNaN(v)) {
                return 3 * (j - from);
            }
            if (v == Float.POSITIVE_INFINITY) {
                return 3 * (j - from) + 1;
            }
            if (v == Float.NEGATIVE_INFINITY) {
                return 3 * (j - from) + 2;
            }
        }
        return -1;
    }

    /**
     * Writes the direction bin of each segment of a finite polyline (full row at
     * {@code rows[rowOffset]}) to {@code bins[binsOffset .. binsOffset+N_S-1]}.
     */
    public void directionBins(float[] rows, int rowOffset, byte[] bins, int binsOffset) {
        double previous = vertex(rows, rowOffset, 0);
        for (int i = 0; i < segments; i++) {
            double next = vertex(rows, rowOffset, i + 1);
            bins[binsOffset + i] = (byte) directionBin(pseudoAngle((next - previous) / scale * segments));
            previous = next;
        }
    }

    /** @return d between two embeddings of length {@code length}: the L1 distance, summed in double */
    public static double distance(float[] a, int aOffset, float[] b, int bOffset, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += Math.abs((double) a[aOffset + i] - b[bOffset + i]);
        }
        return sum;
    }

    /**
     * @return d between two finite embeddings, stopping early once the sum reaches {@code limit}
     *         (then the result is only known to be {@code >= limit})
     */
    public static double distanceUpTo(float[] a, int aOffset, float[] b, int bOffset, int length, double limit) {
        double sum = 0;
        int i = 0;
        while (i < length) {
            int end = Math.min(length, i + 16);
            for (; i < end; i++) {
                sum += Math.abs((double) a[aOffset + i] - b[bOffset + i]);
            }
            if (sum >= limit) {
                return sum;
            }
        }
        return sum;
    }

    @Override
    public String toString() {
        return "PolylineMetric[range=[" + from + "," + to + "), segments=" + segments + ", lo=" + lo + ", scale=" + scale + ", wp="
                + positionWeight + ", wd=" + directionWeight + "]";
    }
}
