package org.trainscope.compute.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.JavaKernels;
import org.trainscope.core.math.Kernels;
import org.trainscope.compute.Nd4jAccelerator;
import org.trainscope.compute.Nd4jRuntime;

class KernelsTest {

    private static FloatMatrix random(int rows, int cols, long seed) {
        Random r = new Random(seed);
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new FloatMatrix(rows, cols, d);
    }

    private static void assertClose(float[] expected, float[] actual, float relTol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            float tol = relTol * Math.max(1f, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tol, "at " + i);
        }
    }

    /** The runtime's accelerator is found the way a third party's would be: through the extension point. */
    @Test
    void nd4jIsTheContributedAcceleratorForLargeInputs() {
        assertTrue(Kernels.accelerator().isPresent(), "no accelerator contributed to org.trainscope.core.kernels");
        assertTrue(Kernels.accelerator().get() instanceof Nd4jAccelerator, Kernels.accelerator().get().toString());
    }

    @Test
    void nd4jLoadsInsideOsgiAndMultipliesRealMatrices() {
        assertTrue(Nd4jRuntime.isAvailable(), "ND4J failed to load: " + Nd4jRuntime.failure());
        assertEquals("1.0.0-M2.1", Nd4jRuntime.version());
        FloatMatrix a = new FloatMatrix(2, 3, new float[] { 1, 2, 3, 4, 5, 6 });
        FloatMatrix b = new FloatMatrix(3, 2, new float[] { 7, 8, 9, 10, 11, 12 });
        // worked by hand: [1*7+2*9+3*11, 1*8+2*10+3*12; 4*7+5*9+6*11, 4*8+5*10+6*12]
        assertArrayEquals(new float[] { 58, 64, 139, 154 }, new Nd4jAccelerator().multiply(a, b).data());
        assertArrayEquals(new float[] { 58, 64, 139, 154 }, JavaKernels.multiply(a, b).data());
    }

    @Test
    void javaAndNd4jPathsAgreeOnLargeProducts() {
        FloatMatrix a = random(70, 130, 1);
        FloatMatrix b = random(130, 50, 2);
        assertClose(JavaKernels.multiply(a, b).data(), new Nd4jAccelerator().multiply(a, b).data(), 1e-4f);
        assertClose(JavaKernels.multiply(a, b).data(), Kernels.multiply(a, b).data(), 1e-4f);
    }

    @Test
    void reductionsAgree() {
        FloatMatrix m = random(300, 257, 3);
        assertClose(JavaKernels.rowSums(m), new Nd4jAccelerator().rowSums(m), 1e-4f);
        assertClose(JavaKernels.columnSums(m), new Nd4jAccelerator().columnSums(m), 1e-4f);
        FloatMatrix small = new FloatMatrix(2, 2, new float[] { 1, 2, 3, Float.NaN });
        assertArrayEquals(new float[] { 3, Float.NaN }, Kernels.rowSums(small));
        assertArrayEquals(new float[] { 4, Float.NaN }, Kernels.columnSums(small));
    }

    @Test
    void pairwiseDistancesAgreeAndAreExactOnKnownPoints() {
        FloatMatrix p = new FloatMatrix(2, 2, new float[] { 0, 0, 3, 4 });
        assertArrayEquals(new float[] { 0, 25, 25, 0 }, JavaKernels.pairwiseSquaredDistances(p, p).data());
        assertClose(new float[] { 0, 25, 25, 0 }, new Nd4jAccelerator().pairwiseSquaredDistances(p, p).data(), 1e-5f);
        FloatMatrix a = random(90, 40, 4);
        FloatMatrix b = random(60, 40, 5);
        float[] java = JavaKernels.pairwiseSquaredDistances(a, b).data();
        float[] nd = new Nd4jAccelerator().pairwiseSquaredDistances(a, b).data();
        assertClose(java, nd, 1e-3f);
        for (float v : nd) {
            assertTrue(v >= 0f);
        }
    }

    @Test
    void shapeMismatchesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Kernels.multiply(random(2, 3, 1), random(2, 3, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> Kernels.pairwiseSquaredDistances(random(2, 3, 1), random(2, 4, 1)));
        assertThrows(IllegalArgumentException.class, () -> new FloatMatrix(2, 2, new float[3]));
    }
}
