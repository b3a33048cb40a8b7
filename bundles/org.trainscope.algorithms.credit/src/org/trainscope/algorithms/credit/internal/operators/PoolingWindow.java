package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.ConvGeometry;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * The window of a pooling node: kernel (default 2), stride (default = kernel), padding (default
 * 0; the forms of {@link ConvAttributes#padding}). An adaptive pooling node (PyTorch's AdaptiveMaxPool2d / AdaptiveAvgPool2d,
 * attribute {@code output_size} without a kernel) gets the window that produces that size when
 * the input divides evenly; other adaptive windows overlap unevenly and are refused.
 */
final class PoolingWindow {
    private PoolingWindow() {
    }

    static ConvGeometry of(OperatorContext context, FloatTensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("node " + context.node().id() + " (" + context.node().operatorType()
                    + ") expects NCHW input, got " + x);
        }
        ConvAttributes.requireChannelsFirst(context);
        int[] dilation = ConvAttributes.dilation(context);
        String ceil = NodeAttributes.text(context.node(), "false", "ceil_mode", "ceilMode").trim();
        if (dilation[0] != 1 || dilation[1] != 1 || ceil.equalsIgnoreCase("true") || ceil.equals("1")) {
            throw new IllegalArgumentException("node " + context.node().id() + ": pooling with dilation or ceil_mode "
                    + "is not supported");
        }
        String kernelText = NodeAttributes.text(context.node(), null, "kernel_size", "kernel", "kernelSize");
        if (kernelText == null && NodeAttributes.text(context.node(), null, "output_size", "outputSize") != null) {
            return adaptive(context, x);
        }
        int[] kernel = NodeAttributes.pair(context.node(), new int[] { 2, 2 }, "kernel_size", "kernel", "kernelSize");
        int[] stride = NodeAttributes.pair(context.node(), kernel, "stride", "strides");
        int[] pad = ConvAttributes.padding(context, x.dim(2), x.dim(3), kernel, stride, new int[] { 1, 1 });
        return ConvGeometry.of(x.dim(1), x.dim(2), x.dim(3), kernel, stride, pad, dilation);
    }

    /**
     * Whether zero padding counts towards an average's divisor: attribute {@code count_include_pad}
     * (PyTorch's name and default, true; ONNX's AveragePool defaults to false, and the ONNX
     * adapter always writes it).
     */
    static boolean countIncludePad(OperatorContext context) {
        String v = NodeAttributes.text(context.node(), "true", "count_include_pad", "countIncludePad").trim();
        return v.equalsIgnoreCase("true") || v.equals("1");
    }

    private static ConvGeometry adaptive(OperatorContext context, FloatTensor x) {
        int[] out = NodeAttributes.pair(context.node(), new int[] { 1, 1 }, "output_size", "outputSize");
        int h = x.dim(2);
        int w = x.dim(3);
        if (out[0] <= 0 || out[1] <= 0 || h % out[0] != 0 || w % out[1] != 0) {
            throw new IllegalArgumentException("node " + context.node().id() + ": adaptive pooling from " + h + "x" + w
                    + " to " + out[0] + "x" + out[1] + " has uneven windows, which credit does not support");
        }
        int kh = h / out[0];
        int kw = w / out[1];
        return new ConvGeometry(x.dim(1), h, w, kh, kw, kh, kw, 0, 0);
    }
}
