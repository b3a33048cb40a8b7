package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Zero padding of the two spatial axes of NCHW (ONNX's Pad in constant mode with value 0, which
 * PyTorch exports before an average pooling that counts its padding). Attribute {@code padding}:
 * [top, left, bottom, right] (or one integer, or a pair [h, w]), all non-negative. Gradient,
 * tangent and relevance are the same crop: the padded zeros depend on nothing and receive no
 * relevance (under every rule they contribute x_i w_ij = 0 to the next layer anyway).
 */
public final class PadOperator implements IOperator, IForwardDerivative {

    private static int[] pads(OperatorContext context) {
        int[] v = NodeAttributes.integers(context.node(), "padding", "pads");
        int[] p = v == null ? new int[4] : switch (v.length) {
            case 1 -> new int[] { v[0], v[0], v[0], v[0] };
            case 2 -> new int[] { v[0], v[1], v[0], v[1] };
            case 4 -> v;
            default -> throw new IllegalArgumentException("node " + context.node().id()
                    + " (pad): padding is not 1, 2 or 4 integers [top, left, bottom, right]");
        };
        for (int x : p) {
            if (x < 0) {
                throw new IllegalArgumentException("node " + context.node().id() + " (pad): negative padding (a crop) "
                        + "is not supported");
            }
        }
        return p;
    }

    /** Copies {@code from} into {@code to}: padded → cropped when {@code crop}, else the reverse. */
    private static FloatTensor transfer(int[] p, FloatTensor from, boolean crop) {
        int n = from.dim(0);
        int c = from.dim(1);
        int h = crop ? from.dim(2) - p[0] - p[2] : from.dim(2);
        int w = crop ? from.dim(3) - p[1] - p[3] : from.dim(3);
        int ph = h + p[0] + p[2];
        int pw = w + p[1] + p[3];
        float[] small = crop ? new float[n * c * h * w] : from.data();
        float[] big = crop ? from.data() : new float[n * c * ph * pw];
        for (int plane = 0; plane < n * c; plane++) {
            for (int y = 0; y < h; y++) {
                int s = (plane * h + y) * w;
                int b = (plane * ph + y + p[0]) * pw + p[1];
                if (crop) {
                    System.arraycopy(big, b, small, s, w);
                } else {
                    System.arraycopy(small, s, big, b, w);
                }
            }
        }
        return crop ? new FloatTensor(new int[] { n, c, h, w }, small) : new FloatTensor(new int[] { n, c, ph, pw }, big);
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        return transfer(pads(context), Inputs.rank4(context, inputs), false);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        return List.of(transfer(pads(context), outputGradient, true));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return List.of(transfer(pads(context), outputRelevance, true));
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        return t == null ? FloatTensor.zeros(output.shape()) : transfer(pads(context), t, false);
    }
}
