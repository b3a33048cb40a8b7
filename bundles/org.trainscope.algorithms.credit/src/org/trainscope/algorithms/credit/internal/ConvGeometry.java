package org.trainscope.algorithms.credit.internal;

/**
 * Sizes of a 2-D sliding window over an NCHW tensor: kernel, stride, zero padding and dilation
 * (the spacing of the kernel's taps, 1 = adjacent; pooling uses 1). Shared by convolution,
 * transposed convolution and pooling. {@code padH}/{@code padW} are the rows/columns added at the
 * top/left (where the windows start), {@code padBottom}/{@code padRight} those at the end; they
 * differ only for ONNX's asymmetric {@code pads} and its SAME_UPPER/SAME_LOWER.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
        int padH, int padW, int padBottom, int padRight, int dilationH, int dilationW) {

    public ConvGeometry {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0 || padBottom < 0
                || padRight < 0 || dilationH <= 0 || dilationW <= 0) {
            throw new IllegalArgumentException("bad window: kernel " + kernelH + "x" + kernelW + ", stride " + strideH
                    + "x" + strideW + ", padding " + padH + "," + padW + "," + padBottom + "," + padRight
                    + ", dilation " + dilationH + "x" + dilationW);
        }
        if (height + padH + padBottom < dilationH * (kernelH - 1) + 1
                || width + padW + padRight < dilationW * (kernelW - 1) + 1) {
            throw new IllegalArgumentException("a " + kernelH + "x" + kernelW + " window does not fit a " + height + "x"
                    + width + " input padded by " + padH + "," + padW + "," + padBottom + "," + padRight);
        }
    }

    /** A window with symmetric padding. */
    public ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
            int padH, int padW, int dilationH, int dilationW) {
        this(channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, padH, padW, dilationH, dilationW);
    }

    /** A window with padding {top, left, bottom, right} (as {@code ConvAttributes.padding} gives it). */
    public static ConvGeometry of(int channels, int height, int width, int[] kernel, int[] stride, int[] pads,
            int[] dilation) {
        return new ConvGeometry(channels, height, width, kernel[0], kernel[1], stride[0], stride[1], pads[0], pads[1],
                pads[2], pads[3], dilation[0], dilation[1]);
    }

    /** A window without dilation. */
    public ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
            int padH, int padW) {
        this(channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, 1, 1);
    }

    public int outH() {
        return (height + padH + padBottom - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outW() {
        return (width + padW + padRight - dilationW * (kernelW - 1) - 1) / strideW + 1;
    }

    /** Output positions per channel. */
    public int positions() {
        return outH() * outW();
    }

    /** Length of one unrolled window over all channels: channels * kernelH * kernelW. */
    public int patch() {
        return channels * kernelH * kernelW;
    }

    public int inputPerSample() {
        return channels * height * width;
    }
}
