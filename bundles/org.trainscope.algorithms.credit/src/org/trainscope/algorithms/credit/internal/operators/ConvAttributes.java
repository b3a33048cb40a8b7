package org.trainscope.algorithms.credit.internal.operators;

import java.util.Locale;

import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.OperatorContext;

/**
 * The window attributes of convolution-like nodes as both recorders spell them: {@code stride},
 * {@code padding} (one or two integers, or "same"/"valid"), {@code dilation} and {@code groups}.
 */
final class ConvAttributes {
    private ConvAttributes() {
    }

    /** Refuses a channels-last layout (DL4J's NHWC): the operators compute over NCHW. */
    static void requireChannelsFirst(OperatorContext context) {
        String format = NodeAttributes.text(context.node(), "NCHW", "dataFormat", "data_format");
        if (!format.equalsIgnoreCase("NCHW")) {
            throw new IllegalArgumentException("node " + context.node().id() + ": data format " + format
                    + " is not supported, only channels first (NCHW)");
        }
    }

    static int[] stride(OperatorContext context) {
        return NodeAttributes.pair(context.node(), new int[] { 1, 1 }, "stride", "strides");
    }

    static int[] dilation(OperatorContext context) {
        return NodeAttributes.pair(context.node(), new int[] { 1, 1 }, "dilation", "dilations");
    }

    static int groups(OperatorContext context) {
        int g = (int) NodeAttributes.number(context.node(), 1, "groups");
        if (g < 1) {
            throw new IllegalArgumentException("node " + context.node().id() + ": groups " + g + " is not positive");
        }
        return g;
    }

    /**
     * Symmetric zero padding (top/bottom, left/right). "same" pads so that the output has
     * ceil(size / stride) positions, as DL4J's ConvolutionMode.Same and PyTorch's
     * {@code padding="same"} do; an odd total (which both put at the bottom/right) is refused
     * rather than mis-aligned.
     */
    static int[] padding(OperatorContext context, int height, int width, int[] kernel, int[] stride, int[] dilation) {
        String text = NodeAttributes.text(context.node(), null, "padding", "pad");
        String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
        if (lower.contains("same")) {
            return new int[] { same(context, height, kernel[0], stride[0], dilation[0]),
                    same(context, width, kernel[1], stride[1], dilation[1]) };
        }
        if (lower.contains("valid")) {
            return new int[] { 0, 0 };
        }
        return NodeAttributes.pair(context.node(), new int[] { 0, 0 }, "padding", "pad");
    }

    private static int same(OperatorContext context, int size, int kernel, int stride, int dilation) {
        int out = (size + stride - 1) / stride;
        int total = Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - size);
        if (total % 2 != 0) {
            throw new IllegalArgumentException("node " + context.node().id() + ": 'same' padding of " + total
                    + " (uneven, kernel " + kernel + ", stride " + stride + ", size " + size + ") is not supported");
        }
        return total / 2;
    }
}
