package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.Kernels;
import org.trainscope.core.operators.FloatTensor;

/**
 * A 2-D convolution (cross-correlation, as in PyTorch and DL4J) over NCHW with weights
 * [outChannels, inChannels, kH, kW] and bias [outChannels], as im2col plus one matrix product
 * through {@link Kernels}. The unrolled input is kept for the form's lifetime because rules
 * such as alpha-beta multiply the same input with several weight variants.
 */
public final class ConvForm implements LinearForm {
    private final ConvGeometry geometry;
    private final int outChannels;
    private final float[] weights;
    private final float[] bias;
    private float[] cachedInput;
    private float[] cachedColumns;

    public ConvForm(ConvGeometry geometry, int outChannels, float[] weights, float[] bias) {
        this.geometry = geometry;
        this.outChannels = outChannels;
        this.weights = weights;
        this.bias = bias;
    }

    @Override
    public float[] weights() {
        return weights;
    }

    @Override
    public float[] bias() {
        return bias;
    }

    public ConvGeometry geometry() {
        return geometry;
    }

    private float[] columns(FloatTensor x) {
        if (cachedInput != x.data()) {
            cachedColumns = Im2Col.unroll(x.data(), x.dim(0), geometry);
            cachedInput = x.data();
        }
        return cachedColumns;
    }

    @Override
    public FloatTensor apply(FloatTensor x, float[] w) {
        int n = x.dim(0);
        int p = geometry.positions();
        int k = geometry.patch();
        float[] wt = Tensors.transpose(w, outChannels, k);
        FloatMatrix z = Kernels.multiply(new FloatMatrix(n * p, k, columns(x)), new FloatMatrix(k, outChannels, wt));
        float[] zd = z.data();
        float[] out = new float[zd.length];
        // rows are (sample, position), columns channels: reorder to NCHW
        for (int s = 0; s < n; s++) {
            for (int pos = 0; pos < p; pos++) {
                int row = (s * p + pos) * outChannels;
                for (int o = 0; o < outChannels; o++) {
                    out[(s * outChannels + o) * p + pos] = zd[row + o];
                }
            }
        }
        return new FloatTensor(new int[] { n, outChannels, geometry.outH(), geometry.outW() }, out);
    }

    @Override
    public FloatTensor applyTransposed(FloatTensor s, float[] w) {
        int n = s.dim(0);
        int p = geometry.positions();
        int k = geometry.patch();
        float[] sd = s.data();
        float[] rows = new float[sd.length];
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < outChannels; o++) {
                int src = (b * outChannels + o) * p;
                for (int pos = 0; pos < p; pos++) {
                    rows[(b * p + pos) * outChannels + o] = sd[src + pos];
                }
            }
        }
        FloatMatrix cols = Kernels.multiply(new FloatMatrix(n * p, outChannels, rows), new FloatMatrix(outChannels, k, w));
        float[] x = Im2Col.fold(cols.data(), n, geometry);
        return new FloatTensor(new int[] { n, geometry.channels(), geometry.height(), geometry.width() }, x);
    }

    @Override
    public void addBias(FloatTensor z, float[] b) {
        float[] d = z.data();
        int p = geometry.positions();
        for (int i = 0; i < d.length; i++) {
            d[i] += b[(i / p) % outChannels];
        }
    }
}
