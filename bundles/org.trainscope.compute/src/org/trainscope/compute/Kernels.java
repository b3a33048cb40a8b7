package org.trainscope.compute;

/**
 * Numeric kernels that pick their path by size: plain Java below the crossover where ND4J's
 * per-call overhead dominates, ND4J above it. The crossovers come from the JMH benchmark in
 * {@code releng/benchmarks} (KernelCrossoverBenchmark) on a 2-core machine; see
 * docs/benchmarks.md for the figures.
 */
public final class Kernels {
    /**
     * Multiply-adds (m*k*n) below which the Java product is faster than ND4J. In two JMH runs on
     * the 2-core machine Java won up to 128^3 (0.9 ms against ND4J's 12 ms); at 256^3 the runs
     * disagreed (ND4J 9.4 vs Java 18.2 ms, then Java 6.6 vs ND4J 10.5 ms), so ND4J starts there.
     */
    public static final long MULTIPLY_CROSSOVER = 256L * 256 * 256;
    /**
     * Elements below which Java reductions are faster than ND4J: ND4J's call costs about
     * 0.1 ms, Java sums a 256x256 matrix in 0.06 ms, so the crossover lies above 2^16.
     */
    public static final long REDUCTION_CROSSOVER = 1L << 20;
    /** Multiply-adds (n*m*d) below which Java pairwise distances are faster than ND4J (won up to 128^3). */
    public static final long DISTANCE_CROSSOVER = 256L * 256 * 256;

    private Kernels() {
    }

    public static FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        long work = (long) a.rows() * a.cols() * b.cols();
        return useNd4j(work, MULTIPLY_CROSSOVER) ? Nd4jKernels.multiply(a, b) : JavaKernels.multiply(a, b);
    }

    public static float[] rowSums(FloatMatrix m) {
        return useNd4j(m.data().length, REDUCTION_CROSSOVER) ? Nd4jKernels.rowSums(m) : JavaKernels.rowSums(m);
    }

    public static float[] columnSums(FloatMatrix m) {
        return useNd4j(m.data().length, REDUCTION_CROSSOVER) ? Nd4jKernels.columnSums(m) : JavaKernels.columnSums(m);
    }

    public static FloatMatrix pairwiseSquaredDistances(FloatMatrix a, FloatMatrix b) {
        long work = (long) a.rows() * b.rows() * a.cols();
        return useNd4j(work, DISTANCE_CROSSOVER) ? Nd4jKernels.pairwiseSquaredDistances(a, b)
                : JavaKernels.pairwiseSquaredDistances(a, b);
    }

    private static boolean useNd4j(long work, long crossover) {
        return work >= crossover && Nd4jRuntime.isAvailable();
    }

    static void checkInner(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("cannot multiply " + a.rows() + "x" + a.cols() + " by " + b.rows() + "x"
                    + b.cols());
        }
    }

    static void checkSameWidth(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("rows of width " + a.cols() + " and " + b.cols() + " cannot be compared");
        }
    }
}
