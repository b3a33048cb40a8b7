package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.ConvForm;
import org.trainscope.algorithms.credit.internal.ConvGeometry;
import org.trainscope.algorithms.credit.internal.ConvTransposeForm;
import org.trainscope.algorithms.credit.internal.GroupedWeights;
import org.trainscope.algorithms.credit.internal.LinearForm;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * 2-D transposed convolution (type "conv_transpose2d", PyTorch's ConvTranspose2d) over NCHW:
 * W [inChannels, outChannels / groups, kH, kW], bias [outChannels]; attributes {@code stride},
 * {@code padding}, {@code output_padding}, {@code dilation} (each one or two integers, defaults
 * 1, 0, 0, 1) and {@code groups} (1). Output size (H - 1) stride - 2 padding + dilation (kH - 1)
 * + output_padding + 1. Linear in its input, so every LRP rule applies as for conv2d.
 */
public final class ConvTranspose2dOperator extends LinearOperator {

    @Override
    LinearForm form(OperatorContext context, FloatTensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("node " + context.node().id()
                    + " (conv_transpose2d) expects NCHW input, got " + x);
        }
        FloatTensor w = Parameters.required(context, "W", "weight");
        int groups = ConvAttributes.groups(context);
        if (w.rank() != 4 || w.dim(0) != x.dim(1) || w.dim(0) % groups != 0) {
            throw new IllegalArgumentException("node " + context.node().id() + ": weights " + w + " are not ["
                    + x.dim(1) + ", out / " + groups + " groups, kH, kW] for input " + x);
        }
        int[] kernel = { w.dim(2), w.dim(3) };
        int[] stride = ConvAttributes.stride(context);
        int[] dilation = ConvAttributes.dilation(context);
        int[] pad = NodeAttributes.pair(context.node(), new int[] { 0, 0 }, "padding", "pad");
        int[] extra = NodeAttributes.pair(context.node(), new int[] { 0, 0 }, "output_padding", "outputPadding");
        int outChannels = w.dim(1) * groups;
        int outH = (x.dim(2) - 1) * stride[0] - 2 * pad[0] + dilation[0] * (kernel[0] - 1) + extra[0] + 1;
        int outW = (x.dim(3) - 1) * stride[1] - 2 * pad[1] + dilation[1] * (kernel[1] - 1) + extra[1] + 1;
        if (outH <= 0 || outW <= 0 || extra[0] >= stride[0]
                || extra[1] >= stride[1]) {
            throw new IllegalArgumentException("node " + context.node().id() + ": no valid output size for input " + x
                    + " (output " + outH + "x" + outW + ", output_padding " + extra[0] + "x" + extra[1] + ")");
        }
        ConvGeometry adjoint = new ConvGeometry(outChannels, outH, outW, kernel[0], kernel[1], stride[0], stride[1],
                pad[0], pad[1], dilation[0], dilation[1]);
        float[] bias = Parameters.optional(context, "b", "bias").map(FloatTensor::data).orElse(null);
        if (bias != null && bias.length != outChannels) {
            throw new IllegalArgumentException("node " + context.node().id() + ": bias has " + bias.length
                    + " values for " + outChannels + " output channels");
        }
        float[] dense = GroupedWeights.expand(w.data(), w.dim(0), w.dim(1), groups, kernel[0] * kernel[1]);
        return new ConvTransposeForm(new ConvForm(adjoint, x.dim(1), dense, null), bias);
    }
}
