package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.ConvForm;
import org.trainscope.algorithms.credit.internal.ConvGeometry;
import org.trainscope.algorithms.credit.internal.LinearForm;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * 2-D convolution over NCHW with W [outChannels, inChannels, kH, kW] (PyTorch's and DL4J's
 * layout) and optional bias [outChannels]. Attributes: {@code stride} (default 1) and
 * {@code padding} (symmetric zeros, default 0, or "same" for odd kernels at stride 1); the
 * kernel size comes from W. No dilation or groups.
 */
public final class Conv2dOperator extends LinearOperator {

    @Override
    LinearForm form(OperatorContext context, FloatTensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("node " + context.node().id() + " (conv2d) expects NCHW input, got " + x);
        }
        FloatTensor w = Parameters.required(context, "W", "weight");
        if (w.rank() != 4 || w.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException("node " + context.node().id() + ": weights " + w
                    + " are not [out, " + x.dim(1) + ", kH, kW]");
        }
        int kh = w.dim(2);
        int kw = w.dim(3);
        int[] stride = NodeAttributes.pair(context.node(), new int[] { 1, 1 }, "stride", "strides");
        int[] pad = padding(context, kh, kw);
        ConvGeometry g = new ConvGeometry(x.dim(1), x.dim(2), x.dim(3), kh, kw, stride[0], stride[1], pad[0], pad[1]);
        float[] bias = Parameters.optional(context, "b", "bias").map(FloatTensor::data).orElse(null);
        return new ConvForm(g, w.dim(0), w.data(), bias);
    }

    private static int[] padding(OperatorContext context, int kh, int kw) {
        String text = NodeAttributes.text(context.node(), null, "padding", "pad");
        if (text != null && text.toLowerCase(java.util.Locale.ROOT).contains("same")) {
            return new int[] { (kh - 1) / 2, (kw - 1) / 2 };
        }
        if (text != null && text.toLowerCase(java.util.Locale.ROOT).contains("valid")) {
            return new int[] { 0, 0 };
        }
        return NodeAttributes.pair(context.node(), new int[] { 0, 0 }, "padding", "pad");
    }
}
