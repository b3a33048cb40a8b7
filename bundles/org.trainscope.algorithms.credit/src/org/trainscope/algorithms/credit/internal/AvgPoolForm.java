package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.operators.FloatTensor;

/**
 * Average pooling as a linear layer: output j averages its window with weight 1 / n_j on every
 * connection, n_j = kH * kW when zero padding counts towards the divisor (PyTorch's
 * count_include_pad default) or the number of taps inside the input when it does not (ONNX's
 * default). The form's weight array is one shared factor (1) that the rules transform (w+, w-,
 * w + gamma w+, ones) and {@link #apply} multiplies by 1 / n_j; every LRP rule is invariant to
 * a positive factor per output neuron, so every rule applies unchanged.
 */
public final class AvgPoolForm implements LinearForm {
    private final ConvGeometry g;
    private final boolean countIncludePad;
    private final float[] weight = { 1f };

    public AvgPoolForm(ConvGeometry geometry) {
        this(geometry, true);
    }

    public AvgPoolForm(ConvGeometry geometry, boolean countIncludePad) {
        this.g = geometry;
        this.countIncludePad = countIncludePad;
    }

    /** 1 / n_j for output position (oy, ox). */
    private double divisor(int oy, int ox) {
        if (countIncludePad) {
            return 1.0 / (g.kernelH() * g.kernelW());
        }
        int y0 = oy * g.strideH() - g.padH();
        int x0 = ox * g.strideW() - g.padW();
        int rows = Math.min(y0 + g.kernelH(), g.height()) - Math.max(y0, 0);
        int cols = Math.min(x0 + g.kernelW(), g.width()) - Math.max(x0, 0);
        return rows <= 0 || cols <= 0 ? 0.0 : 1.0 / (rows * cols);
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
                    out[o++] = (float) (sum * w[0] * divisor(oy, ox));
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
                    float share = (float) (sd[o++] * w[0] * divisor(oy, ox));
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
