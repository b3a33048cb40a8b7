package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.DenseForm;
import org.trainscope.algorithms.credit.internal.LinearForm;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * Dense layer y = x W + b. The input is flattened to [N, in]. W is stored [in, out] (DL4J's
 * layout) by default; PyTorch's nn.Linear records [out, in]. The layout is taken from the
 * attribute {@code weightLayout} ("inOut" or "outIn") when present, otherwise from whichever
 * dimension of W matches the input width; a square W without the attribute is read as [in, out].
 * Attributes {@code alpha} and {@code beta} (ONNX Gemm, default 1) scale W and b:
 * y = alpha x W + beta b.
 */
public final class DenseOperator extends LinearOperator {

    @Override
    LinearForm form(OperatorContext context, FloatTensor x) {
        FloatTensor w = Parameters.required(context, "W", "weight");
        if (w.rank() != 2) {
            throw new IllegalArgumentException("node " + context.node().id() + ": dense weights must be 2-D, got " + w);
        }
        int in = Tensors.perSample(x);
        boolean outIn = isOutIn(context, w, in);
        int out = outIn ? w.dim(0) : w.dim(1);
        int rows = outIn ? w.dim(1) : w.dim(0);
        if (rows != in) {
            throw new IllegalArgumentException("node " + context.node().id() + ": weights " + w + " do not fit input "
                    + x + " (" + in + " features)");
        }
        float[] inOut = outIn ? Tensors.transpose(w.data(), out, in) : w.data();
        float[] bias = Parameters.optional(context, "b", "bias").map(FloatTensor::data).orElse(null);
        if (bias != null && bias.length != out) {
            throw new IllegalArgumentException("node " + context.node().id() + ": bias has " + bias.length
                    + " values for " + out + " outputs");
        }
        double alpha = NodeAttributes.number(context.node(), 1.0, "alpha");
        double beta = NodeAttributes.number(context.node(), 1.0, "beta");
        return new DenseForm(x.shape(), in, out, scaled(inOut, alpha), bias == null ? null : scaled(bias, beta));
    }

    /** ONNX Gemm's alpha and beta folded into the weights: the rules then see the effective layer. */
    private static float[] scaled(float[] values, double factor) {
        if (factor == 1.0) {
            return values;
        }
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (factor * values[i]);
        }
        return out;
    }

    private static boolean isOutIn(OperatorContext context, FloatTensor w, int in) {
        String layout = NodeAttributes.text(context.node(), null, "weightLayout");
        if (layout != null) {
            return layout.trim().equalsIgnoreCase("outIn");
        }
        return w.dim(0) != in && w.dim(1) == in;
    }
}
