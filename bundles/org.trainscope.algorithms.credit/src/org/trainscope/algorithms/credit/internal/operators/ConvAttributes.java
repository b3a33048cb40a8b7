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
     * Zero padding as {top, left, bottom, right}. The attribute is one integer (all sides), a pair
     * [h, w] (top = bottom, left = right), four integers in ONNX's order [top, left, bottom,
     * right], or a word: "valid" (none); "same" pads so that the output has ceil(size / stride)
     * positions, as DL4J's ConvolutionMode.Same does, and refuses an odd total (DL4J and PyTorch
     * would put the extra row at different ends); "same_upper" and "same_lower" (ONNX's auto_pad)
     * put the odd one at the end and at the start respectively.
     */
    static int[] padding(OperatorContext context, int height, int width, int[] kernel, int[] stride, int[] dilation) {
        String text = NodeAttributes.text(context.node(), null, "padding", "pad");
        String lower = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (lower.contains("same")) {
            int totalH = sameTotal(height, kernel[0], stride[0], dilation[0]);
            int totalW = sameTotal(width, kernel[1], stride[1], dilation[1]);
            if (lower.contains("lower")) {
                return new int[] { totalH - totalH / 2, totalW - totalW / 2, totalH / 2, totalW / 2 };
            }
            if (!lower.contains("upper") && (totalH % 2 != 0 || totalW % 2 != 0)) {
                int odd = totalH % 2 != 0 ? 0 : 1;
                throw new IllegalArgumentException("node " + context.node().id() + ": 'same' padding of "
                        + (odd == 0 ? totalH : totalW) + " (uneven, kernel " + kernel[odd] + ", stride " + stride[odd]
                        + ", size " + (odd == 0 ? height : width) + ") is not supported");
            }
            return new int[] { totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2 };
        }
        if (lower.contains("valid")) {
            return new int[] { 0, 0, 0, 0 };
        }
        int[] values = NodeAttributes.integers(context.node(), "padding", "pad");
        if (values == null) {
            return new int[] { 0, 0, 0, 0 };
        }
        return switch (values.length) {
            case 1 -> new int[] { values[0], values[0], values[0], values[0] };
            case 2 -> new int[] { values[0], values[1], values[0], values[1] };
            case 4 -> values;
            default -> throw new IllegalArgumentException("node " + context.node().id() + ": padding '" + text
                    + "' is not 1, 2 or 4 integers");
        };
    }

    private static int sameTotal(int size, int kernel, int stride, int dilation) {
        int out = (size + stride - 1) / stride;
        return Math.max(0, (out - 1) * stride + dilation * (kernel - 1) + 1 - size);
    }
}
