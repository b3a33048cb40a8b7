package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.model.ImportedNodes;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * What the ONNX translation needs of the operators: asymmetric and SAME_UPPER/SAME_LOWER padding,
 * average pooling that does not count padding, zero padding as an operator, dense with Gemm's
 * alpha and beta, softmax over flattened trailing axes, and the refusal of a node an adapter
 * marked. Forward against naive loops, backward against finite differences, relevance conserved.
 */
class OnnxOperatorsTest {

    /** Convolution with padding [top, left, bottom, right] by direct loops, in double. */
    private static double[] naiveConv(FloatTensor x, FloatTensor w, int stride, int[] pad) {
        int n = x.dim(0), c = x.dim(1), h = x.dim(2), wd = x.dim(3);
        int o = w.dim(0), kh = w.dim(2), kw = w.dim(3);
        int oh = (h + pad[0] + pad[2] - kh) / stride + 1, ow = (wd + pad[1] + pad[3] - kw) / stride + 1;
        double[] out = new double[n * o * oh * ow];
        for (int s = 0; s < n; s++)
            for (int f = 0; f < o; f++)
                for (int y = 0; y < oh; y++)
                    for (int xx = 0; xx < ow; xx++) {
                        double acc = 0;
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < kh; i++)
                                for (int j = 0; j < kw; j++) {
                                    int iy = y * stride - pad[0] + i, ix = xx * stride - pad[1] + j;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += x.data()[((s * c + ch) * h + iy) * wd + ix]
                                                * w.data()[((f * c + ch) * kh + i) * kw + j];
                                    }
                                }
                        out[((s * o + f) * oh + y) * ow + xx] = acc;
                    }
        return out;
    }

    @ParameterizedTest(name = "padding={0} stride={1} → top,left,bottom,right {2}")
    @CsvSource(delimiter = ';', value = { "[0, 1, 2, 0];1;0,1,2,0", "[1, 2, 1, 2];2;1,2,1,2", "same_upper;2;0,0,1,1",
            "same_lower;2;1,1,0,0", "same_upper;1;1,1,2,2", "same_lower;1;2,2,1,1" })
    void asymmetricPaddingMatchesNaiveLoopsAndFiniteDifferences(String padding, int stride, String expectedPads) {
        Random r = new Random(padding.hashCode() + stride);
        // a 4x4 kernel: 'same' needs a total of 3 (stride 1) or 2 on a 6x6 input (stride 2)
        int k = stride == 1 ? 4 : 3;
        FloatTensor x = Nets.random(r, 1, 2, 2, 6, 6);
        FloatTensor w = Nets.random(r, 0.5, 3, 2, k, k);
        int[] pads = java.util.Arrays.stream(expectedPads.split(",")).mapToInt(Integer::parseInt).toArray();
        if (padding.startsWith("same")) {
            int total = stride == 1 ? k - 1 : Math.max(0, (6 / stride - 1) * stride + k - 6);
            pads = padding.equals("same_upper") ? new int[] { total / 2, total / 2, total - total / 2, total - total / 2 }
                    : new int[] { total - total / 2, total - total / 2, total / 2, total / 2 };
        }
        Map<String, String> attrs = Map.of("stride", String.valueOf(stride), "padding", padding);
        OperatorContext ctx = Ops.context("conv2d", attrs, Map.of("W", w));
        FloatTensor y = Ops.op("conv2d").forward(ctx, List.of(x));
        double[] expected = naiveConv(x, w, stride, pads);
        assertEquals(expected.length, y.size(), "output size for pads " + java.util.Arrays.toString(pads));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y.data()[i], 1e-4, "output " + i);
        }
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("conv2d").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(ConvAndPoolingTest.finiteDifference(ctx, "conv2d", x, g, i, 0.5), dx[i], 1e-3, "input " + i);
        }
    }

    @Test
    void averagePoolingWithoutCountingPaddingDividesByTheTapsInside() {
        Random r = new Random(21);
        FloatTensor x = Nets.random(r, 1, 2, 2, 5, 4);
        Map<String, String> attrs = Map.of("kernel_size", "3", "stride", "2", "padding", "[1, 0, 1, 1]",
                "count_include_pad", "false");
        OperatorContext ctx = Ops.context("avgpool", attrs, Map.of());
        FloatTensor y = Ops.op("avgpool").forward(ctx, List.of(x));
        assertArrayEquals(new int[] { 2, 2, 3, 2 }, y.shape());
        for (int plane = 0; plane < 4; plane++)
            for (int oy = 0; oy < 3; oy++)
                for (int ox = 0; ox < 2; ox++) {
                    double sum = 0;
                    int n = 0;
                    for (int i = 0; i < 3; i++)
                        for (int j = 0; j < 3; j++) {
                            int iy = oy * 2 - 1 + i, ix = ox * 2 + j;
                            if (iy >= 0 && iy < 5 && ix >= 0 && ix < 4) {
                                sum += x.data()[plane * 20 + iy * 4 + ix];
                                n++;
                            }
                        }
                    assertEquals(sum / n, y.data()[plane * 6 + oy * 2 + ox], 1e-6);
                }
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("avgpool").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(ConvAndPoolingTest.finiteDifference(ctx, "avgpool", x, g, i, 0.5), dx[i], 1e-4, "input " + i);
        }
        assertConserves(ctx, "avgpool", Nets.uniform(r, 2, 2, 5, 4));
    }

    @Test
    void padAddsZerosAndItsGradientAndRelevanceCrop() {
        Random r = new Random(22);
        FloatTensor x = Nets.random(r, 1, 2, 3, 3, 4);
        OperatorContext ctx = Ops.context("pad", Map.of("padding", "[1, 0, 2, 3]"), Map.of());
        FloatTensor y = Ops.op("pad").forward(ctx, List.of(x));
        assertArrayEquals(new int[] { 2, 3, 6, 7 }, y.shape());
        for (int plane = 0; plane < 6; plane++)
            for (int py = 0; py < 6; py++)
                for (int px = 0; px < 7; px++) {
                    int iy = py - 1, ix = px;
                    float expected = iy >= 0 && iy < 3 && ix < 4 ? x.data()[plane * 12 + iy * 4 + ix] : 0f;
                    assertEquals(expected, y.data()[plane * 42 + py * 7 + px]);
                }
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("pad").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(ConvAndPoolingTest.finiteDifference(ctx, "pad", x, g, i, 0.5), dx[i], 1e-5, "input " + i);
        }
        assertConserves(ctx, "pad", x);
        FloatTensor t = Nets.random(r, 1, x.shape());
        assertArrayEquals(Ops.op("pad").forward(ctx, List.of(t)).data(),
                ((org.trainscope.algorithms.credit.IForwardDerivative) Ops.op("pad")).tangent(ctx, List.of(x), y,
                        List.of(t)).data());
    }

    @Test
    void denseTakesGemmsAlphaAndBeta() {
        Random r = new Random(23);
        FloatTensor x = Nets.random(r, 1, 3, 4);
        FloatTensor w = Nets.random(r, 1, 5, 4);
        FloatTensor b = Nets.random(r, 1, 5);
        Map<String, String> attrs = Map.of("weightLayout", "outIn", "alpha", "0.5", "beta", "-2");
        OperatorContext ctx = Ops.context("dense", attrs, Map.of("weight", w, "bias", b));
        FloatTensor y = Ops.op("dense").forward(ctx, List.of(x));
        for (int s = 0; s < 3; s++)
            for (int j = 0; j < 5; j++) {
                double z = -2 * b.data()[j];
                for (int i = 0; i < 4; i++) {
                    z += 0.5 * x.data()[s * 4 + i] * w.data()[j * 4 + i];
                }
                assertEquals(z, y.data()[s * 5 + j], 1e-5);
            }
        FloatTensor g = Nets.random(r, 1, y.shape());
        float[] dx = Ops.op("dense").backward(ctx, List.of(x), y, g).get(0).data();
        for (int i = 0; i < x.size(); i++) {
            assertEquals(ConvAndPoolingTest.finiteDifference(ctx, "dense", x, g, i, 0.5), dx[i], 1e-4, "input " + i);
        }
    }

    @Test
    void softmaxFlattenedFromTheAxisIsOneDistributionPerSample() {
        Random r = new Random(24);
        FloatTensor x = Nets.random(r, 1, 2, 3, 2, 2);
        OperatorContext ctx = Ops.context("softmax", Map.of("dim", "1", "flattenFromAxis", "true"), Map.of());
        FloatTensor y = Ops.op("softmax").forward(ctx, List.of(x));
        for (int s = 0; s < 2; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < 12; i++) {
                max = Math.max(max, x.data()[s * 12 + i]);
            }
            double sum = 0;
            for (int i = 0; i < 12; i++) {
                sum += Math.exp(x.data()[s * 12 + i] - max);
            }
            for (int i = 0; i < 12; i++) {
                assertEquals(Math.exp(x.data()[s * 12 + i] - max) / sum, y.data()[s * 12 + i], 1e-6);
            }
        }
    }

    @Test
    void aNodeTheAdapterCouldNotTranslateIsRefusedWithItsReason() {
        NetworkGraph g = NetworkGraph.builder().add(Node.operator("x", "input"))
                .add(new Node("/pool/MaxPool", "/pool/MaxPool", NodeKind.OPERATOR, "MaxPool", "",
                        Map.of(ImportedNodes.SOURCE_OPERATOR, "ONNX MaxPool", ImportedNodes.NOT_EXPLAINABLE,
                                "ceil_mode=1 is not supported")))
                .connect("x", "/pool/MaxPool").build();
        ParameterSource none = ParameterSource.of(Map.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CreditEngine().forward(g,
                none, Map.of("x", FloatTensor.zeros(new int[] { 1, 1, 4, 4 })), new NullProgressMonitor()));
        assertEquals("node /pool/MaxPool (ONNX MaxPool) cannot be explained: ceil_mode=1 is not supported", e.getMessage());
    }

    /** sum of input relevance = sum of output relevance for a layer without bias, under LRP-0, epsilon and gamma. */
    private static void assertConserves(OperatorContext ctx, String type, FloatTensor x) {
        FloatTensor y = Ops.op(type).forward(ctx, List.of(x));
        for (RelevanceRule rule : List.of(Rules.lrp0(), Rules.epsilon(1e-9), Rules.gamma(0.25), Rules.flat())) {
            FloatTensor rx = Ops.op(type).relevance(ctx, List.of(x), y, y, rule).get(0);
            double in = 0;
            double out = 0;
            for (float v : rx.data()) {
                in += v;
            }
            for (float v : y.data()) {
                out += v;
            }
            assertEquals(out, in, 1e-4 * Math.max(1, Math.abs(out)), type + " " + rule.name());
            assertTrue(Double.isFinite(in));
        }
    }
}
