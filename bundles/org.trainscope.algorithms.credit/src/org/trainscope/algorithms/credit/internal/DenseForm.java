package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.math.Kernels;
import org.trainscope.core.operators.FloatTensor;

/**
 * A dense layer z = x W + b with W stored [in, out] (row-major), x flattened to [N, in]. The
 * operator converts PyTorch's [out, in] layout before building the form.
 */
public final class DenseForm implements LinearForm {
    private final int in;
    private final int out;
    private final float[] weights;
    private final float[] bias;
    private final int[] inputShape;

    public DenseForm(int[] inputShape, int in, int out, float[] weightsInOut, float[] bias) {
        this.inputShape = inputShape.clone();
        this.in = in;
        this.out = out;
        this.weights = weightsInOut;
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

    @Override
    public FloatTensor apply(FloatTensor x, float[] w) {
        int n = x.dim(0);
        FloatMatrix z = Kernels.multiply(new FloatMatrix(n, in, x.data()), new FloatMatrix(in, out, w));
        return new FloatTensor(new int[] { n, out }, z.data());
    }

    @Override
    public FloatTensor applyTransposed(FloatTensor s, float[] w) {
        int n = s.dim(0);
        float[] wt = Tensors.transpose(w, in, out);
        FloatMatrix g = Kernels.multiply(new FloatMatrix(n, out, s.data()), new FloatMatrix(out, in, wt));
        int[] shape = inputShape.clone();
        shape[0] = n;
        return new FloatTensor(shape, g.data());
    }

    @Override
    public void addBias(FloatTensor z, float[] b) {
        float[] d = z.data();
        for (int r = 0; r < d.length / out; r++) {
            int base = r * out;
            for (int j = 0; j < out; j++) {
                d[base + j] += b[j];
            }
        }
    }
}
