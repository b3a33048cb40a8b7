package org.trainscope.algorithms.credit.internal;

/**
 * Sizes of a 2-D sliding window over an NCHW tensor: kernel, stride, symmetric zero padding.
 * Shared by convolution and pooling.
 */
public record ConvGeometry(int channels, int height, int width, int kernelH, int kernelW, int strideH, int strideW,
        int padH, int padW) {

    public ConvGeometry {
        if (kernelH <= 0 || kernelW <= 0 || strideH <= 0 || strideW <= 0 || padH < 0 || padW < 0) {
            throw new IllegalArgumentException("bad window: kernel " + kernelH + "x" + kernelW + ", stride " + strideH
                    + "x" + strideW + ", padding " + padH + "x" + padW);
        }
        if (height + 2 * padH < kernelH || width + 2 * padW < kernelW) {
            throw new IllegalArgumentException("a " + kernelH + "x" + kernelW + " window does not fit a " + height + "x"
                    + width + " input padded by " + padH + "x" + padW);
        }
    }

    public int outH() {
        return (height + 2 * padH - kernelH) / strideH + 1;
    }

    public int outW() {
        return (width + 2 * padW - kernelW) / strideW + 1;
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
