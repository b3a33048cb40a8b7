package org.trainscope.algorithms.credit.internal;

/**
 * Sizes of a 2-D sliding window over an NCHW tensor: kernel, stride, symmetric zero padding and
 * dilation (the spacing of the kernel's taps, 1 = adjacent; pooling uses 1). Shared by
 * convolution, transposed convolution and pooling.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
        int padH, int padW, int dilationH, int dilationW) {

    public ConvGeometry {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0 || dilationH <= 0
                || dilationW <= 0) {
            throw new IllegalArgumentException("bad window: kernel " + kernelH + "x" + kernelW + ", stride " + strideH
                    + "x" + strideW + ", padding " + padH + "x" + padW + ", dilation " + dilationH + "x" + dilationW);
        }
        if (height + 2 * padH < dilationH * (kernelH - 1) + 1 || width + 2 * padW < dilationW * (kernelW - 1) + 1) {
            throw new IllegalArgumentException("a " + kernelH + "x" + kernelW + " window does not fit a " + height + "x"
                    + width + " input padded by " + padH + "x" + padW);
        }
    }

    /** A window without dilation. */
    public ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
            int padH, int padW) {
        this(channels, height, width, kernelH, kernelW, strideH, strideW, padH, padW, 1, 1);
    }

    public int outH() {
        return (height + 2 * padH - dilationH * (kernelH - 1) - 1) / strideH + 1;
    }

    public int outW() {
        return (width + 2 * padW - dilationW * (kernelW - 1) - 1) / strideW + 1;
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
