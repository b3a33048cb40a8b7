package org.trainscope.core.math;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/**
 * Numeric kernels that pick their path by size: plain Java below the crossover where a native
 * library's per-call overhead dominates, the contributed {@link MatrixAccelerator} (ND4J, when the
 * DL4J/ND4J runtime is installed) above it. The crossovers come from the JMH benchmark in
 * {@code releng/benchmarks} (KernelCrossoverBenchmark) on a 2-core machine; see
 * docs/benchmarks.md for the figures. An accelerator that throws is dropped for the rest of the
 * session (reported once) and the operation is redone in Java, so a broken native library costs
 * speed, never a result.
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

    private static volatile boolean acceleratorFailed;

    private Kernels() {
    }

    public static FloatMatrix multiply(FloatMatrix a, FloatMatrix b) {
        checkInner(a, b);
        long work = (long) a.rows() * a.cols() * b.cols();
        return run(work, MULTIPLY_CROSSOVER, acc -> acc.multiply(a, b), () -> JavaKernels.multiply(a, b));
    }

    public static float[] rowSums(FloatMatrix m) {
        return run(m.data().length, REDUCTION_CROSSOVER, acc -> acc.rowSums(m), () -> JavaKernels.rowSums(m));
    }

    public static float[] columnSums(FloatMatrix m) {
        return run(m.data().length, REDUCTION_CROSSOVER, acc -> acc.columnSums(m), () -> JavaKernels.columnSums(m));
    }

    public static FloatMatrix pairwiseSquaredDistances(FloatMatrix a, FloatMatrix b) {
        checkSameWidth(a, b);
        long work = (long) a.rows() * b.rows() * a.cols();
        return run(work, DISTANCE_CROSSOVER, acc -> acc.pairwiseSquaredDistances(a, b),
                () -> JavaKernels.pairwiseSquaredDistances(a, b));
    }

    /** The accelerator that large operations use, if one is installed and works. */
    public static Optional<MatrixAccelerator> accelerator() {
        return acceleratorFailed ? Optional.empty() : MatrixAcceleratorManager.getInstance().accelerator();
    }

    private static <R> R run(long work, long crossover, Function<MatrixAccelerator, R> accelerated, Supplier<R> java) {
        if (work >= crossover) {
            Optional<MatrixAccelerator> acc = accelerator();
            if (acc.isPresent()) {
                try {
                    return accelerated.apply(acc.get());
                } catch (RuntimeException | LinkageError e) {
                    acceleratorFailed = true;
                    ContributionProblems.getDefault().report(new ContributionProblem(
                            MatrixAcceleratorManager.EXTENSION_POINT, acc.get().getClass().getName(),
                            acc.get().getClass().getSimpleName(),
                            "failed and is no longer used; computing in plain Java", e));
                }
            }
        }
        return java.get();
    }

    /** Throws unless the columns of a match the rows of b. */
    public static void checkInner(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.rows()) {
            throw new IllegalArgumentException("cannot multiply " + a.rows() + "x" + a.cols() + " by " + b.rows() + "x"
                    + b.cols());
        }
    }

    /** Throws unless a and b have rows of the same width. */
    public static void checkSameWidth(FloatMatrix a, FloatMatrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("rows of width " + a.cols() + " and " + b.cols() + " cannot be compared");
        }
    }
}
