package org.trainscope.compute;

/**
 * Numeric kernels that pick their path by size: plain Java below the crossover where ND4J's
 * per-call overhead dominates, ND4J above it. The crossovers come from the JMH benchmark in
 * {@code releng/benchmarks} (KernelCrossoverBenchmark) on a 2-core machine; see
 * docs/benchmarks.md for the figures.
 */
public final class Kernels {
    /** Multiply-adds (m*k*n) below which the Java product is faster than ND4J. */
    public static final long MULTIPLY_CROSSOVER = 32L * 32 * 32;
    /** Elements below which Java reductions are faster than ND4J. */
    public static final long REDUCTION_CROSSOVER = 1L << 16;
    /** Multiply-adds (n*m*d) below which Java pairwise distances are faster than ND4J. */
    public static final long DISTANCE_CROSSOVER = 32L * 32 * 32;

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
