package org.trainscope.algorithms.credit.internal;

/**
 * Unrolls the windows of an NCHW batch into a matrix with one row per (sample, output position)
 * and one column per (channel, ky, kx), so that convolution becomes one matrix product for the
 * whole batch (large enough for ND4J to pay off). Padding positions hold zero.
 */
public final class Im2Col {
    private Im2Col() {
    }

    /** [N * positions, patch] from x [N, C, H, W]. */
    public static float[] unroll(float[] x, int n, ConvGeometry g) {
        int oh = g.outH();
        int ow = g.outW();
        int k = g.patch();
        float[] cols = new float[Math.multiplyExact(Math.multiplyExact(n, g.positions()), k)];
        int hw = g.height() * g.width();
        for (int s = 0; s < n; s++) {
            int xBase = s * g.inputPerSample();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int row = ((s * oh + oy) * ow + ox) * k;
                    int col = 0;
                    for (int c = 0; c < g.channels(); c++) {
                        int cBase = xBase + c * hw;
                        for (int ky = 0; ky < g.kernelH(); ky++) {
                            int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
                            boolean rowInside = iy >= 0 && iy < g.height();
                            for (int kx = 0; kx < g.kernelW(); kx++, col++) {
                                int ix = ox * g.strideW() - g.padW() + kx * g.dilationW();
                                if (rowInside && ix >= 0 && ix < g.width()) {
                                    cols[row + col] = x[cBase + iy * g.width() + ix];
                                }
                            }
                        }
                    }
                }
            }
        }
        return cols;
    }

    /** The adjoint of {@link #unroll}: sums every window entry back onto its input position. */
    public static float[] fold(float[] cols, int n, ConvGeometry g) {
        int oh = g.outH();
        int ow = g.outW();
        int k = g.patch();
        float[] x = new float[Math.multiplyExact(n, g.inputPerSample())];
        int hw = g.height() * g.width();
        for (int s = 0; s < n; s++) {
            int xBase = s * g.inputPerSample();
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    int row = ((s * oh + oy) * ow + ox) * k;
                    int col = 0;
                    for (int c = 0; c < g.channels(); c++) {
                        int cBase = xBase + c * hw;
                        for (int ky = 0; ky < g.kernelH(); ky++) {
                            int iy = oy * g.strideH() - g.padH() + ky * g.dilationH();
                            boolean rowInside = iy >= 0 && iy < g.height();
                            for (int kx = 0; kx < g.kernelW(); kx++, col++) {
                                int ix = ox * g.strideW() - g.padW() + kx * g.dilationW();
                                if (rowInside && ix >= 0 && ix < g.width()) {
                                    x[cBase + iy * g.width() + ix] += cols[row + col];
                                }
                            }
                        }
                    }
                }
            }
        }
        return x;
    }
}
