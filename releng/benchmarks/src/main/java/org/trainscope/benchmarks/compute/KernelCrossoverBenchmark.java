package org.trainscope.benchmarks.compute;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.JavaKernels;
import org.trainscope.compute.Nd4jAccelerator;
import org.trainscope.compute.Nd4jRuntime;

/**
 * Where ND4J starts to beat plain Java: each kernel on square n x n inputs, both paths. The
 * crossover constants in {@code org.trainscope.core.math.Kernels} come from this benchmark.
 * Run: {@code releng/benchmarks/run.sh jmh KernelCrossover}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KernelCrossoverBenchmark {
    @Param({ "4", "8", "16", "32", "64", "128", "256" })
    public int n;

    private FloatMatrix a;
    private FloatMatrix b;

    @Setup
    public void setUp() {
        if (!Nd4jRuntime.isAvailable()) {
            throw new IllegalStateException("ND4J did not load", Nd4jRuntime.failure());
        }
        a = random(n, n, 1);
        b = random(n, n, 2);
    }

    private static FloatMatrix random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, d);
    }

    @Benchmark
    public FloatMatrix multiplyJava() {
        return JavaKernels.multiply(a, b);
    }

    @Benchmark
    public FloatMatrix multiplyNd4j() {
        return new Nd4jAccelerator().multiply(a, b);
    }

    @Benchmark
    public FloatMatrix distancesJava() {
        return JavaKernels.pairwiseSquaredDistances(a, b);
    }

    @Benchmark
    public FloatMatrix distancesNd4j() {
        return new Nd4jAccelerator().pairwiseSquaredDistances(a, b);
    }

    @Benchmark
    public float[] rowSumsJava() {
        return JavaKernels.rowSums(a);
    }

    @Benchmark
    public float[] rowSumsNd4j() {
        return new Nd4jAccelerator().rowSums(a);
    }
}
