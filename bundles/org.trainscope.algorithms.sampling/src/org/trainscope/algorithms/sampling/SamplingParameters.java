package org.trainscope.algorithms.sampling;

/**
 * Typed, immutable parameters of a polyline sampler. Build with {@link #builder()}.
 * <p>
 * The sample size is either an absolute count or a rate of the polyline count (rounded, at least
 * one). The iteration range {@code [from, to)} is in point indices of the source; {@code to = -1}
 * means "to the end". Sampling only looks at the points in the range, so a view re-samples with
 * the visible range when it zooms.
 */
public final class SamplingParameters {

    /** Marks "up to the last point" for {@link Builder#range(int, int)}. */
    public static final int TO_END = -1;
    /** C by default: about 600 MB of heap at 100 points per polyline (the documented formula). */
    public static final int DEFAULT_CANDIDATE_LIMIT = 1_000_000;
    /** K by default. */
    public static final int DEFAULT_OUTLIER_LIMIT = 16_384;
    /**
     * Polylines a chart draws by default: Training Dynamics' sample, and the fewest a Spark
     * reduction keeps of a tensor when given a rate.
     */
    public static final int DEFAULT_SAMPLE_COUNT = 300;

    private final int sampleCount;
    private final double sampleRate;
    private final long seed;
    private final int fromPoint;
    private final int toPoint;
    private final double positionWeight;
    private final double directionWeight;
    private final int directionPoolSize;
    private final double initialRadiusFactor;
    private final int segmentCount;
    private final int candidateLimit;
    private final int outlierLimit;

    private SamplingParameters(Builder b) {
        this.segmentCount = b.segmentCount;
        this.candidateLimit = b.candidateLimit;
        this.outlierLimit = b.outlierLimit;
        this.sampleCount = b.sampleCount;
        this.sampleRate = b.sampleRate;
        this.seed = b.seed;
        this.fromPoint = b.fromPoint;
        this.toPoint = b.toPoint;
        this.positionWeight = b.positionWeight;
        this.directionWeight = b.directionWeight;
        this.directionPoolSize = b.directionPoolSize;
        this.initialRadiusFactor = b.initialRadiusFactor;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder preset with these parameters, e.g. to change only the range on zoom */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sampleCount = sampleCount;
        b.sampleRate = sampleRate;
        b.seed = seed;
        b.fromPoint = fromPoint;
        b.toPoint = toPoint;
        b.positionWeight = positionWeight;
        b.directionWeight = directionWeight;
        b.directionPoolSize = directionPoolSize;
        b.initialRadiusFactor = initialRadiusFactor;
        b.segmentCount = segmentCount;
        b.candidateLimit = candidateLimit;
        b.outlierLimit = outlierLimit;
        return b;
    }

    /** @return how many polylines to select out of {@code polylineCount}: never more than there are */
    public int resolveSampleCount(int polylineCount) {
        long wanted = sampleCount > 0 ? sampleCount : Math.max(1L, Math.round(sampleRate * polylineCount));
        return (int) Math.min(wanted, polylineCount);
    }

    /** @return the first point of the range, checked against {@code length} */
    public int resolveFrom(int length) {
        checkRange(length);
        return fromPoint;
    }

    /** @return the end (exclusive) of the range, checked against {@code length} */
    public int resolveTo(int length) {
        checkRange(length);
        return toPoint == TO_END ? length : toPoint;
    }

    private void checkRange(int length) {
        int to = toPoint == TO_END ? length : toPoint;
        if (fromPoint < 0 || to > length || to - fromPoint < 2) {
            throw new IllegalArgumentException("range [" + fromPoint + ", " + to + ") needs at least 2 of the "
                    + length + " points");
        }
    }

    /** @return the absolute sample count, or 0 when a rate was given */
    public int sampleCount() {
        return sampleCount;
    }

    /** @return the sample rate, or 0 when an absolute count was given */
    public double sampleRate() {
        return sampleRate;
    }

    public long seed() {
        return seed;
    }

    public int fromPoint() {
        return fromPoint;
    }

    /** @return the exclusive end of the range, or {@link #TO_END} */
    public int toPoint() {
        return toPoint;
    }

    /** @return the weight w_p of the position term of the segment distance */
    public double positionWeight() {
        return positionWeight;
    }

    /** @return the weight w_d of the direction term of the segment distance */
    public double directionWeight() {
        return directionWeight;
    }

    /** @return how many acceptable candidates compete for direction balance at each selection */
    public int directionPoolSize() {
        return directionPoolSize;
    }

    /** @return the factor applied to the k-NN radius estimate before the first pass */
    public double initialRadiusFactor() {
        return initialRadiusFactor;
    }

    /** @return N_S at most: the range is reduced to this many segments; 0 for all point gaps */
    public int segmentCount() {
        return segmentCount;
    }

    /**
     * @return C: up to this many polylines the blue-noise sampler runs exactly on all of them; above,
     *         on a stratified subset of C polylines plus the {@link #outlierLimit()} most outlying
     */
    public int candidateLimit() {
        return candidateLimit;
    }

    /** @return K: how many outlying polylines the candidate pass keeps beside the stratified ones */
    public int outlierLimit() {
        return outlierLimit;
    }

    @Override
    public String toString() {
        return "SamplingParameters[count=" + sampleCount + ", rate=" + sampleRate + ", seed=" + seed + ", range=["
                + fromPoint + "," + (toPoint == TO_END ? "end" : Integer.toString(toPoint)) + "), wp=" + positionWeight
                + ", wd=" + directionWeight + ", segments=" + segmentCount + ", pool=" + directionPoolSize + ", r0x=" + initialRadiusFactor + ", C=" + candidateLimit
                + ", K=" + outlierLimit + "]";
    }

    /** Builder with the defaults documented in docs/algorithms/blue-noise-polyline-sampling.md. */
    public static final class Builder {
        private int sampleCount;
        private double sampleRate = 0.01;
        private long seed = 1;
        private int fromPoint;
        private int toPoint = TO_END;
        private double positionWeight = 1.0;
        private double directionWeight = 1.0;
        private int directionPoolSize = 4;
        private double initialRadiusFactor = 2.0;
        private int segmentCount = 32;
        private int candidateLimit = DEFAULT_CANDIDATE_LIMIT;
        private int outlierLimit = DEFAULT_OUTLIER_LIMIT;

        private Builder() {
        }

        /**
         * Bounds the blue-noise sampler's memory: above {@code limit} polylines it samples a
         * stratified subset of {@code limit} of them plus the most outlying ones
         * ({@link #outlierLimit(int)}) instead of all (docs/algorithms/blue-noise-polyline-sampling.md,
         * "Any number of polylines").
         */
        public Builder candidateLimit(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("candidate limit must be >= 1: " + limit);
            }
            this.candidateLimit = limit;
            return this;
        }

        /** How many outlying polylines the candidate pass keeps; 0 keeps none (stratified only). */
        public Builder outlierLimit(int limit) {
            if (limit < 0) {
                throw new IllegalArgumentException("outlier limit must be >= 0: " + limit);
            }
            this.outlierLimit = limit;
            return this;
        }

        /**
         * Reduces the range to at most {@code count} segments (vertices are means of consecutive
         * points), so that iteration-to-iteration noise does not dominate segment directions; 0 keeps
         * one segment per pair of consecutive points.
         */
        public Builder segmentCount(int count) {
            if (count < 0) {
                throw new IllegalArgumentException("segment count must be >= 0: " + count);
            }
            this.segmentCount = count;
            return this;
        }

        /** Selects exactly {@code count} polylines (or all, when there are fewer). */
        public Builder sampleCount(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("sample count must be >= 1: " + count);
            }
            this.sampleCount = count;
            this.sampleRate = 0;
            return this;
        }

        /** Selects {@code round(rate * polylineCount)} polylines, at least one. */
        public Builder sampleRate(double rate) {
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("sample rate must be in (0, 1]: " + rate);
            }
            this.sampleRate = rate;
            this.sampleCount = 0;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Samples on the points {@code [from, to)}; {@code to} may be {@link #TO_END}. */
        public Builder range(int from, int to) {
            if (from < 0 || (to != TO_END && to - from < 2)) {
                throw new IllegalArgumentException("range [" + from + ", " + to + ") needs at least 2 points");
            }
            this.fromPoint = from;
            this.toPoint = to;
            return this;
        }

        /** Weights of the position and direction terms of the segment distance; not both zero. */
        public Builder segmentDistanceWeights(double position, double direction) {
            if (!(position >= 0 && direction >= 0 && position + direction > 0)
                    || Double.isInfinite(position) || Double.isInfinite(direction)) {
                throw new IllegalArgumentException("weights must be finite, >= 0, not both 0: " + position + ", "
                        + direction);
            }
            this.positionWeight = position;
            this.directionWeight = direction;
            return this;
        }

        /** 1 turns the direction-balance choice off (plain dart throwing). */
        public Builder directionPoolSize(int size) {
            if (size < 1 || size > 64) {
                throw new IllegalArgumentException("pool size must be in [1, 64]: " + size);
            }
            this.directionPoolSize = size;
            return this;
        }

        public Builder initialRadiusFactor(double factor) {
            if (!(factor >= 1 && factor <= 100)) {
                throw new IllegalArgumentException("initial radius factor must be in [1, 100]: " + factor);
            }
            this.initialRadiusFactor = factor;
            return this;
        }

        public SamplingParameters build() {
            return new SamplingParameters(this);
        }
    }
}
