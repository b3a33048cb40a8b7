package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.ConvGeometry;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/** The window of a pooling node: kernel (default 2), stride (default = kernel), padding (default 0). */
final class PoolingWindow {
    private PoolingWindow() {
    }

    static ConvGeometry of(OperatorContext context, FloatTensor x) {
        int[] kernel = NodeAttributes.pair(context.node(), new int[] { 2, 2 }, "kernel_size", "kernel", "kernelSize");
        int[] stride = NodeAttributes.pair(context.node(), kernel, "stride", "strides");
        int[] pad = NodeAttributes.pair(context.node(), new int[] { 0, 0 }, "padding", "pad");
        return new ConvGeometry(x.dim(1), x.dim(2), x.dim(3), kernel[0], kernel[1], stride[0], stride[1], pad[0],
                pad[1]);
    }
}
