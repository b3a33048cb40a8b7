package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.operators.FloatTensor;

/**
 * Average pooling as a linear layer whose only weight is 1 / (kH * kW), shared by every
 * connection (zero padding counts towards the divisor, PyTorch's count_include_pad default).
 * Seen this way, every LRP rule applies to it unchanged.
 */
public final class AvgPoolForm implements LinearForm {
    private final ConvGeometry g;
    private final float[] weight;

    public AvgPoolForm(ConvGeometry geometry) {
        this.g = geometry;
        this.weight = new float[] { 1f / (geometry.kernelH() * geometry.kernelW()) };
    }

    @Override
    public float[] weights() {
        return weight;
    }

    @Override
    public float[] bias() {
        return null;
    }

    @Override
    public FloatTensor apply(FloatTensor x, float[] w) {
        int n = x.dim(0);
        int c = g.channels();
        int oh = g.outH();
        int ow = g.outW();
        float[] xd = x.data();
        float[] out = new float[n * c * oh * ow];
        int o = 0;
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * g.height() * g.width();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = 0;
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.height()) {
                            continue;
                        }
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix >= 0 && ix < g.width()) {
                                sum += xd[base + iy * g.width() + ix];
                            }
                        }
                    }
                    out[o++] = (float) (sum * w[0]);
                }
            }
        }
        return new FloatTensor(new int[] { n, c, oh, ow }, out);
    }

    @Override
    public FloatTensor applyTransposed(FloatTensor s, float[] w) {
        int n = s.dim(0);
        int c = g.channels();
        int oh = g.outH();
        int ow = g.outW();
        float[] sd = s.data();
        float[] x = new float[n * c * g.height() * g.width()];
        int o = 0;
        for (int plane = 0; plane < n * c; plane++) {
            int base = plane * g.height() * g.width();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float share = sd[o++] * w[0];
                    for (int ky = 0; ky < g.kernelH(); ky++) {
                        int iy = oy * g.strideH() - g.padH() + ky;
                        if (iy < 0 || iy >= g.height()) {
                            continue;
                        }
                        for (int kx = 0; kx < g.kernelW(); kx++) {
                            int ix = ox * g.strideW() - g.padW() + kx;
                            if (ix >= 0 && ix < g.width()) {
                                x[base + iy * g.width() + ix] += share;
                            }
                        }
                    }
                }
            }
        }
        return new FloatTensor(new int[] { n, c, g.height(), g.width() }, x);
    }

    @Override
    public void addBias(FloatTensor z, float[] b) {
        throw new UnsupportedOperationException("average pooling has no bias");
    }
}
