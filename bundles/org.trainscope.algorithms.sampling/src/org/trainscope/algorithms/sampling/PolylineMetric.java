package org.trainscope.algorithms.sampling;

import java.util.Arrays;

import org.trainscope.algorithms.sampling.internal.SplitMix64;

/**
 * The polyline distance of DGMTracker's blue-noise sampling, exactly as defined in
 * docs/algorithms/blue-noise-polyline-sampling.md.
 * <p>
 * Points {@code [from, to)} of a polyline are reduced to N_S+1 vertices, each the mean of a run
 * of consecutive points (N_S = min(to-from-1, the segment-count parameter); with as many segments as
 * point gaps each vertex is a point), and placed in the unit square: x_k = k/N_S, y' = (y-lo)/scale,
 * where lo and scale are robust bounds of the values (0.5% and 99.5% quantiles of a seeded
 * subsample) so that the bulk of the data spans [0, 1] on both axes; values more than
 * {@value #LINEAR_RANGE} bulk heights away from the bulk are {@linkplain #compress compressed}
 * logarithmically.
 * Segment i has a position (the y' of its midpoint, m_i) and a direction, the pseudo-angle
 * p_i = s_i/(1+|s_i|) of its slope s_i = (y'_{i+1}-y'_i)*N_S (monotone in the angle, in (-1, 1), no
 * trigonometry). The segment distance is d_C = w_p*|m1_i-m2_i| + w_d*|p1_i-p2_i|/2 and the polyline
 * distance d = (1/N_S) * sum_i d_C.
 * <p>
 * Non-finite values are data: a vertex whose run holds a NaN or an infinity is non-finite, of the
 * kind of the first such point, and a segment touching a non-finite vertex gets the sentinel
 * direction {@value #NON_FINITE_DIRECTION} (steeper than any finite segment) and the sentinel level
 * of its kind (NaN {@value #NAN_LEVEL}, +Inf {@value #POSITIVE_INFINITY_LEVEL}, -Inf
 * {@value #NEGATIVE_INFINITY_LEVEL}). So the finite part and the onset of a failure both enter the
 * same L1 distance, which stays finite.
 * <p>
 * Because d is a weighted L1 distance, a polyline is {@linkplain #embed embedded} once as the vector
 * V = (w_p*m_i/N_S ..., w_d*p_i/(2*N_S) ...) of length 2*N_S, and d(L1, L2) = |V1 - V2|_1.
 * Instances are immutable and thread-safe.
 */
public final class PolylineMetric {

    /** Number of direction bins used for the balance histogram, equal in p over (-1, 1). */
    public static final int DIRECTION_BINS = 8;
    /** The bin of a segment touching a non-finite vertex: one more state next to the directions. */
    public static final int NON_FINITE_BIN = DIRECTION_BINS;
    /** Direction bins plus the non-finite one: the width of a per-segment histogram of states. */
    public static final int SEGMENT_STATES = DIRECTION_BINS + 1;

    /**
     * The pseudo-angle of a segment touching a non-finite vertex: 3, so that its direction term
     * against any finite segment, w_d*|3 - p|/2 with |p| < 1, is at least w_d, the most two finite
     * segments can differ in direction.
     */
    public static final double NON_FINITE_DIRECTION = 3;
    /** Sentinel levels (normalised y') of non-finite segments: NaN in the middle of the bulk ... */
    public static final double NAN_LEVEL = 0.5;
    /** ... +Inf one bulk height above it ... */
    public static final double POSITIVE_INFINITY_LEVEL = 2;
    /** ... -Inf one below. */
    public static final double NEGATIVE_INFINITY_LEVEL = -1;
    /** Non-finite kinds as in the signature: 0 NaN, 1 +Inf, 2 -Inf. */
    private static final double[] SENTINEL_LEVEL = { NAN_LEVEL, POSITIVE_INFINITY_LEVEL, NEGATIVE_INFINITY_LEVEL };
    /** The middle of the bulk in normalised values: far values are measured from here. */
    public static final double BULK_MIDDLE = 0.5;
    /**
     * Normalised values farther than this from {@link #BULK_MIDDLE} (16 bulk heights) are
     * compressed logarithmically: u -> sign(u) * T * (1 + ln(|u| / T)) for u = y' - 1/2, |u| > T.
     * Continuous with slope 1 at T and monotone, so far lines stay far and ordered, but a neuron at
     * 10^30 bulk heights is about 1,100 away, not 10^30: the floats, the grid cells and the radius
     * schedule stay finite and meaningful, and an explosion spread over many decades does not take
     * the whole sample (it spreads over the decades like a log axis does).
     */
    public static final double LINEAR_RANGE = 16;
    private static final double INVERSE_LINEAR_RANGE = 1 / LINEAR_RANGE;

    /** Polylines read to estimate lo and scale. */
    private static final int NORMALISATION_SUBSAMPLE = 1024;
    private static final double LOW_QUANTILE = 0.005;
    private static final double HIGH_QUANTILE = 0.995;
    /** The bulk's range never reaches beyond this many interquartile ranges from the quartiles. */
    private static final double FENCE_IQRS = 4;

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
     * The metric blue-noise sampling uses for {@code source}: {@link #estimate} up to the candidate
     * limit, {@link #estimateFromRuns} above it (1,024 polylines read one by one across all chunk
     * files of a big trace cost as much as a tenth of the whole pass). Every sampler step that must
     * measure as the single-machine sampler does (the distributed reduction's partitions and merge)
     * takes its metric from here.
     */
    public static PolylineMetric estimateForSampling(PolylineSource source, SamplingParameters parameters) {
        return source.polylineCount() <= parameters.candidateLimit() ? estimate(source, parameters)
                : estimateFromRuns(source, parameters);
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
        return fromFiniteValues(finite, found, from, to, parameters);
    }

    /** Runs of consecutive polylines {@link #estimateFromRuns} reads. */
    private static final int NORMALISATION_RUNS = 32;

    /**
     * {@link #estimate} from as many polylines, read as {@value #NORMALISATION_RUNS} seeded runs of
     * consecutive polylines (one per equal stretch of the index range) instead of one by one: on a
     * trace whose records lie in separate chunk files, one read per run and chunk instead of one per
     * polyline and chunk (1,024 single polylines of a 60 M-neuron trace that the page cache does not
     * hold took 27 s). For sampling more polylines than the exact sampler takes (the candidate path of
     * {@link BlueNoisePolylineSampler}); the same statistics from a differently drawn subsample.
     */
    public static PolylineMetric estimateFromRuns(PolylineSource source, SamplingParameters parameters) {
        int length = source.length();
        int from = parameters.resolveFrom(length);
        int to = parameters.resolveTo(length);
        int n = source.polylineCount();
        int runs = Math.min(NORMALISATION_RUNS, Math.max(1, n / NORMALISATION_SUBSAMPLE));
        int runLength = Math.min(n / runs, NORMALISATION_SUBSAMPLE / runs);
        SplitMix64 random = new SplitMix64(parameters.seed() ^ 0x72756E736E6F726DL);
        float[] rows = new float[runLength * length];
        float[] finite = new float[runs * runLength * (to - from)];
        int found = 0;
        for (int r = 0; r < runs; r++) {
            long stretchStart = (long) n * r / runs;
            long stretch = (long) n * (r + 1) / runs - stretchStart;
            int first = (int) (stretchStart + random.nextInt((int) Math.max(1, stretch - runLength + 1)));
            source.read(first, runLength, rows);
            for (int i = 0; i < runLength; i++) {
                for (int j = from; j < to; j++) {
                    float v = rows[i * length + j];
                    if (Float.isFinite(v)) {
                        finite[found++] = v;
                    }
                }
            }
        }
        return fromFiniteValues(finite, found, from, to, parameters);
    }

    /** lo and scale from the {@code found} finite values of a subsample (sorted here). */
    private static PolylineMetric fromFiniteValues(float[] finite, int found, int from, int to,
            SamplingParameters parameters) {
        double lo = 0;
        double scale = 1;
        if (found > 0) {
            Arrays.sort(finite, 0, found);
            lo = finite[(int) Math.floor(LOW_QUANTILE * (found - 1))];
            double hi = finite[(int) Math.ceil(HIGH_QUANTILE * (found - 1))];
            // more than 0.5% exploding values (a gradient that reaches 1e38 on a few percent of its
            // weights) would become the bulk: the range is kept within fences of 4 interquartile
            // ranges (never reached by Gaussian or exponential tails, so ordinary data keep their
            // quantiles)
            double q1 = finite[(int) Math.floor(0.25 * (found - 1))];
            double q3 = finite[(int) Math.ceil(0.75 * (found - 1))];
            double fence = FENCE_IQRS * (q3 - q1);
            if (fence > 0) {
                lo = Math.max(lo, q1 - fence);
                hi = Math.min(hi, q3 + fence);
            }
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

    /** @return a value in the normalised unit square (bulk of the data in [0, 1]), not compressed */
    public double normalise(float value) {
        return (value - lo) / scale;
    }

    /**
     * @return a normalised value with far values compressed ({@link #LINEAR_RANGE}): the y' the
     *         distance uses
     */
    public static double compress(double normalised) {
        double u = normalised - BULK_MIDDLE;
        double magnitude = Math.abs(u);
        if (!(magnitude > LINEAR_RANGE)) {
            return normalised;
        }
        return BULK_MIDDLE + Math.signum(u) * LINEAR_RANGE * (1 + Math.log(magnitude * INVERSE_LINEAR_RANGE));
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

    /**
     * @return a scratch array for {@link #embed(float[], int, float[], int, double[])}: N_S + 1 vertices
     *         and as many vertex kinds (for polylines with non-finite values)
     */
    public double[] newEmbeddingScratch() {
        return new double[2 * (segments + 1)];
    }

    /**
     * Writes the embedding V of the polyline whose full row (all {@code length} points) starts at
     * {@code rows[rowOffset]} to {@code out[outOffset ..]}; every polyline has one, non-finite values
     * included.
     *
     * @return -1 if all values in the range are finite; otherwise the non-finite signature
     *         {@code 3*j + kind} of the first non-finite value (its failure mode: where and how it
     *         fails), j its index relative to the range start, kind 0 for NaN, 1 for +Inf, 2 for -Inf
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
        double check = 0;
        for (int k = 0; k <= segments; k++) {
            double normalised = (y[k] - lo) / scale;
            y[k] = normalised;
            // stays 0 iff every normalised vertex is finite and closer than LINEAR_RANGE to the
            // bulk's middle (floor of less than 1); NaN and Inf make it NaN or Inf
            check += Math.floor(Math.abs(normalised - BULK_MIDDLE) * INVERSE_LINEAR_RANGE);
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
        return check == 0 ? -1 : embedSpecial(rows, rowOffset, out, outOffset, scratch);
    }

    /**
     * The embedding of a polyline with a non-finite or far vertex, written segment by segment as
     * defined; finite segments get the same floats as in {@link #embed}'s loops.
     */
    private int embedSpecial(float[] rows, int rowOffset, float[] out, int outOffset, double[] scratch) {
        vertices(rows, rowOffset, scratch);
        double[] y = scratch;
        int kinds = segments + 1;
        double positionScale = positionWeight / segments;
        double directionScale = directionWeight / (2.0 * segments);
        for (int i = 0; i < segments; i++) {
            int before = (int) scratch[kinds + i];
            int after = (int) scratch[kinds + i + 1];
            if (before < 0 && after < 0) {
                double previous = y[i];
                double next = y[i + 1];
                double slope = (next - previous) * segments;
                out[outOffset + i] = (float) (positionScale * 0.5 * (previous + next));
                out[outOffset + segments + i] = (float) (directionScale * (slope / (1 + Math.abs(slope))));
            } else {
                // the kind of the later non-finite vertex: a segment into a failure has its kind
                int kind = after >= 0 ? after : before;
                out[outOffset + i] = (float) (positionScale * SENTINEL_LEVEL[kind]);
                out[outOffset + segments + i] = (float) (directionScale * NON_FINITE_DIRECTION);
            }
        }
        return nonFiniteSignature(rows, rowOffset);
    }

    /**
     * Writes the vertices as the distance sees them: y'_k (normalised, far values compressed) to
     * {@code scratch[k]} for the finite ones, and to {@code scratch[N_S + 1 + k]} the vertex's kind:
     * -1 finite, else that of the first non-finite point of its run (0 NaN, 1 +Inf, 2 -Inf).
     */
    private void vertices(float[] rows, int rowOffset, double[] scratch) {
        int kinds = segments + 1;
        for (int k = 0; k <= segments; k++) {
            int kind = -1;
            double sum = 0;
            int end = rowOffset + bucketStart[k + 1];
            for (int j = rowOffset + bucketStart[k]; j < end && kind < 0; j++) {
                kind = kindOf(rows[j]);
                sum += rows[j];
            }
            scratch[kinds + k] = kind;
            // the same operations as the fast path, so that a vertex that needs no compression gets
            // the same value
            scratch[k] = kind < 0 ? compress((sum / (bucketStart[k + 1] - bucketStart[k]) - lo) / scale) : Double.NaN;
        }
    }

    /** @return -1 for a finite value, else its kind: 0 NaN, 1 +Inf, 2 -Inf */
    private static int kindOf(float v) {
        return Float.isFinite(v) ? -1 : Float.isNaN(v) ? 0 : v > 0 ? 1 : 2;
    }

    /** @return the onset j (index relative to the range start) of a non-finite signature */
    public static int onset(int signature) {
        return signature / 3;
    }

    /** @return the kind (0 NaN, 1 +Inf, 2 -Inf) of a non-finite signature */
    public static int kind(int signature) {
        return signature % 3;
    }

    private int nonFiniteSignature(float[] rows, int rowOffset) {
        for (int j = from; j < to; j++) {
            int kind = kindOf(rows[rowOffset + j]);
            if (kind >= 0) {
                return 3 * (j - from) + kind;
            }
        }
        return -1;
    }

    /**
     * Writes the direction bin of each segment of a polyline (full row at {@code rows[rowOffset]}) to
     * {@code bins[binsOffset .. binsOffset+N_S-1]}: the bin of its pseudo-angle p_i, or
     * {@link #NON_FINITE_BIN} for a segment touching a non-finite vertex.
     */
    public void directionBins(float[] rows, int rowOffset, byte[] bins, int binsOffset) {
        // the vertices as embed's loops compute them, while they are finite and need no compression
        double previous = (vertex(rows, rowOffset, 0) - lo) / scale;
        for (int i = 0; i < segments; i++) {
            double next = (vertex(rows, rowOffset, i + 1) - lo) / scale;
            // false for NaN and infinities too
            if (!(Math.abs(previous - BULK_MIDDLE) < LINEAR_RANGE && Math.abs(next - BULK_MIDDLE) < LINEAR_RANGE)) {
                directionBinsSpecial(rows, rowOffset, bins, binsOffset);
                return;
            }
            double slope = (next - previous) * segments;
            bins[binsOffset + i] = (byte) directionBin(slope / (1 + Math.abs(slope)));
            previous = next;
        }
    }

    /** {@link #directionBins} for a polyline with a non-finite or far vertex, as defined. */
    private void directionBinsSpecial(float[] rows, int rowOffset, byte[] bins, int binsOffset) {
        double[] scratch = newEmbeddingScratch();
        vertices(rows, rowOffset, scratch);
        int kinds = segments + 1;
        for (int i = 0; i < segments; i++) {
            boolean finite = scratch[kinds + i] < 0 && scratch[kinds + i + 1] < 0;
            double slope = (scratch[i + 1] - scratch[i]) * segments;
            bins[binsOffset + i] = (byte) (finite ? directionBin(slope / (1 + Math.abs(slope))) : NON_FINITE_BIN);
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
     * @return d between two embeddings, stopping early once the sum reaches {@code limit}
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
