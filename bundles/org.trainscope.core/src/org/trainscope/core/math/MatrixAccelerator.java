package org.trainscope.core.math;

/**
 * Faster implementations of {@link Kernels}' operations for large inputs, contributed through
 * {@code org.trainscope.core.kernels} (the DL4J/ND4J runtime contributes one on OpenBLAS). The
 * analysis works without any: {@link JavaKernels} computes everything, and {@link Kernels} hands
 * an operation to an accelerator only above the measured crossover where it pays off.
 * Implementations must be thread-safe and give the same results as {@link JavaKernels} up to
 * float rounding.
 */
public interface MatrixAccelerator {
    /** False when the accelerator cannot run here (e.g. its native library did not load). */
    boolean isAvailable();

    FloatMatrix multiply(FloatMatrix a, FloatMatrix b);

    float[] rowSums(FloatMatrix m);

    float[] columnSums(FloatMatrix m);

    FloatMatrix pairwiseSquaredDistances(FloatMatrix a, FloatMatrix b);
}
