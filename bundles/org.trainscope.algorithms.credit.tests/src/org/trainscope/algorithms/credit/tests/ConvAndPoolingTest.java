package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/** conv2d and pooling against naive loops (forward) and finite differences (backward). */
class ConvAndPoolingTest {

    /** Direct 7-loop convolution in double. */
    private static double[] naiveConv(FloatTensor x, FloatTensor w, FloatTensor b, int stride, int pad) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = (h + 2 * pad - kh) / stride + 1, ow = (wd + 2 * pad - kw) / stride + 1;
        double[] out = new double[n * o * oh * ow];
        for (int s = 0; s < n; s++)
            for (int f = 0; f < o; f++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++) {
                        double acc = b == null ? 0 : b.data()[f];
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * stride - pad + i, ix = xx * stride - pad + j;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += x.data()[((s * c + ch) * h + iy) * wd + ix]
                                                * w.data()[((f * c + ch) * kh + i) * kw + j];
                                    }
                                }
                        out[((s * o + f) * oh + y) * ow + xx] = acc;
                    }
        return out;
    }

    @ParameterizedTest(name = "k={0} stride={1} pad={2}")
    @CsvSource({ "3,1,1", "3,2,1", "1,1,0", "2,2,0", "5,1,2" })
    void convolutionMatchesNaiveLoops(int k, int stride, int pad) {
        Random r = new Random(k * 31 + stride * 7 + pad);
        FloatTensor x = Nets.random(r, 1, 2, 3, 7, 6);
        FloatTensor w = Nets.random(r, 0.5, 4, 3, k, k);
        FloatTensor b = Nets.random(r, 0.5, 4);
        Map<String, String> attrs = Map.of("stride", String.valueOf(stride), "padding", String.valueOf(pad));
        FloatTensor y = Ops.forward("conv2d", attrs, Map.of("W", w, "b", b), x);
        double[] expected = naiveConv(x, w, b, stride, pad);
        assertEquals(expected.length, y.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y.data()[i], 1e-4, "output " + i);
        }
    }

    /**
     * conv is linear in x, so the central difference with a large step is exact up to rounding:
     * d/dt sum(g * conv(x + t e_i)) must equal the backward result at i.
     */
    @ParameterizedTest(name = "k={0} stride={1} pad={2}")
    @CsvSource({ "3,1,1", "3,2,1", "2,2,0" })
    void convolutionBackwardMatchesFiniteDifferences(int k, int stride, int pad) {
        Random r = new Random(5);
        FloatTensor x = Nets.random(r, 1, 2, 2, 6, 5);
        FloatTensor w = Nets.random(r, 0.5, 3, 2, k, k);
        Map<String, String> attrs = Map.of("stride", String.valueOf(stride), "padding", String.valueOf(pad));
        OperatorContext ctx = Ops.context("conv2d", attrs, Map.of("W", w));
        FloatTensor y = Ops.op("conv2d").forward(ctx, List.of(x));
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("conv2d").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            double fd = finiteDifference(ctx, "conv2d", x, g, i, 0.5);
            assertEquals(fd, dx[i], 1e-3, "input " + i);
        }
    }

    static double finiteDifference(OperatorContext ctx, String type, FloatTensor x, FloatTensor g, int i, double h) {
        float[] p = x.data().clone();
        float[] m = x.data().clone();
        p[i] += h;
        m[i] -= h;
        double fp = Ops.dot(Ops.op(type).forward(ctx, List.of(new FloatTensor(x.shape(), p))).data(), g.data());
        double fm = Ops.dot(Ops.op(type).forward(ctx, List.of(new FloatTensor(x.shape(), m))).data(), g.data());
        return (fp - fm) / (2 * h);
    }

    @Test
    void maxPoolingMatchesNaiveLoopsAndFiniteDifferences() {
        Random r = new Random(9);
        FloatTensor x = Nets.random(r, 1, 2, 3, 6, 6);
        Map<String, String> attrs = Map.of("kernel_size", "3", "stride", "2", "padding", "1");
        OperatorContext ctx = Ops.context("maxpool", attrs, Map.of());
        FloatTensor y = Ops.op("maxpool").forward(ctx, List.of(x));
        assertArrayEquals(new int[] { 2, 3, 3, 3 }, y.shape());
        for (int plane = 0; plane < 6; plane++)
            for (int oy = 0; oy < 3; oy++)
                for (int ox = 0; ox < 3; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++) {
                            int iy = oy * 2 - 1 + i, ix = ox * 2 - 1 + j;
                            if (iy >= 0 && iy < 6 && ix >= 0 && ix < 6) {
                                best = Math.max(best, x.data()[plane * 36 + iy * 6 + ix]);
                            }
                        }
                    assertEquals(best, y.data()[plane * 9 + oy * 3 + ox]);
                }
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("maxpool").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            // a step smaller than the gap between any two inputs keeps every window's winner
            assertEquals(finiteDifference(ctx, "maxpool", x, g, i, 1e-4), dx[i], 2e-2, "input " + i);
        }
    }

    @Test
    void averagePoolingMatchesNaiveLoopsAndFiniteDifferences() {
        Random r = new Random(10);
        FloatTensor x = Nets.random(r, 1, 2, 2, 5, 5);
        Map<String, String> attrs = Map.of("kernel_size", "2", "stride", "2", "padding", "1");
        OperatorContext ctx = Ops.context("avgpool", attrs, Map.of());
        FloatTensor y = Ops.op("avgpool").forward(ctx, List.of(x));
        assertArrayEquals(new int[] { 2, 2, 3, 3 }, y.shape());
        for (int plane = 0; plane < 4; plane++)
            for (int oy = 0; oy < 3; oy++)
                for (int ox = 0; ox < 3; ox++) {
                    double sum = 0;
                    for (int i = 0; i < 2; i++)
                        for (int j = 0; j < 2; j++) {
                            int iy = oy * 2 - 1 + i, ix = ox * 2 - 1 + j;
                            if (iy >= 0 && iy < 5 && ix >= 0 && ix < 5) {
                                sum += x.data()[plane * 25 + iy * 5 + ix];
                            }
                        }
                    assertEquals(sum / 4, y.data()[plane * 9 + oy * 3 + ox], 1e-6);
                }
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("avgpool").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(finiteDifference(ctx, "avgpool", x, g, i, 0.5), dx[i], 1e-4, "input " + i);
        }
    }

    @Test
    void denseAcceptsBothWeightLayouts() {
        Random r = new Random(11);
        FloatTensor x = Nets.random(r, 1, 3, 4);
        FloatTensor w = Nets.random(r, 1, 4, 5);
        float[] wt = new float[20];
        for (int i = 0; i < 4; i++)
            for (int j = 0; j < 5; j++)
                wt[j * 4 + i] = w.data()[i * 5 + j];
        FloatTensor inOut = Ops.forward("dense", Map.of(), Map.of("W", w), x);
        FloatTensor outIn = Ops.forward("dense", Map.of(), Map.of("weight", new FloatTensor(new int[] { 5, 4 }, wt)), x);
        assertArrayEquals(inOut.data(), outIn.data(), 1e-6f);
    }
}
