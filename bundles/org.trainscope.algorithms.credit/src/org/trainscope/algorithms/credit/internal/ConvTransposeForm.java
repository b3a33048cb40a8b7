package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.operators.FloatTensor;

/**
 * A 2-D transposed convolution (PyTorch's ConvTranspose2d) as a linear form: it is the adjoint
 * of the convolution that maps its output back onto its input with the same weights, so its
 * product is that convolution's transposed product and vice versa. {@code adjoint} is that
 * convolution: input channels = this layer's output channels, output channels = this layer's
 * input channels, over this layer's output size; weights [in, out, kH, kW] as PyTorch stores
 * them (groups already expanded to a dense block-diagonal weight).
 */
public final class ConvTransposeForm implements LinearForm {
    private final ConvForm adjoint;
    private final float[] bias;

    public ConvTransposeForm(ConvForm adjoint, float[] bias) {
        this.adjoint = adjoint;
        this.bias = bias;
    }

    @Override
    public float[] weights() {
        return adjoint.weights();
    }

    @Override
    public float[] bias() {
        return bias;
    }

    @Override
    public FloatTensor apply(FloatTensor x, float[] w) {
        return adjoint.applyTransposed(x, w);
    }

    @Override
    public FloatTensor applyTransposed(FloatTensor s, float[] w) {
        return adjoint.apply(s, w);
    }

    @Override
    public void addBias(FloatTensor z, float[] b) {
        float[] d = z.data();
        ConvGeometry g = adjoint.geometry();
        int p = g.height() * g.width();
        for (int i = 0; i < d.length; i++) {
            d[i] += b[(i / p) % g.channels()];
        }
    }
}
