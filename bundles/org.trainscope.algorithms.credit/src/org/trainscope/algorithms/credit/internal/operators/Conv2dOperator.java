package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.ConvForm;
import org.trainscope.algorithms.credit.internal.ConvGeometry;
import org.trainscope.algorithms.credit.internal.GroupedWeights;
import org.trainscope.algorithms.credit.internal.LinearForm;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * 2-D convolution over NCHW with W [outChannels, inChannels / groups, kH, kW] (PyTorch's and
 * DL4J's layout) and optional bias [outChannels]. Attributes: {@code stride} (default 1),
 * {@code padding} (zeros, default 0: one, two or four [top, left, bottom, right] integers, or
 * "same"/"same_upper"/"same_lower"/"valid"), {@code dilation} (1) and
 * {@code groups} (1); the kernel size comes from W.
 */
public final class Conv2dOperator extends LinearOperator {

    @Override
    LinearForm form(OperatorContext context, FloatTensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("node " + context.node().id() + " (conv2d) expects NCHW input, got " + x
                    + " (a reshape before it needs its per-sample \"shape\" attribute)");
        }
        ConvAttributes.requireChannelsFirst(context);
        FloatTensor w = Parameters.required(context, "W", "weight");
        int groups = ConvAttributes.groups(context);
        if (w.rank() != 4 || w.dim(1) * groups != x.dim(1) || w.dim(0) % groups != 0) {
            throw new IllegalArgumentException("node " + context.node().id() + ": weights " + w + " are not [out, "
                    + x.dim(1) + " / " + groups + " groups, kH, kW] for input " + x);
        }
        int[] kernel = { w.dim(2), w.dim(3) };
        int[] stride = ConvAttributes.stride(context);
        int[] dilation = ConvAttributes.dilation(context);
        int[] pad = ConvAttributes.padding(context, x.dim(2), x.dim(3), kernel, stride, dilation);
        ConvGeometry g = ConvGeometry.of(x.dim(1), x.dim(2), x.dim(3), kernel, stride, pad, dilation);
        float[] bias = Parameters.optional(context, "b", "bias").map(FloatTensor::data).orElse(null);
        float[] dense = GroupedWeights.expand(w.data(), w.dim(0), w.dim(1), groups, kernel[0] * kernel[1]);
        return new ConvForm(g, w.dim(0), dense, bias);
    }
}
