package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Batch normalisation in inference form over axis 1 ([N, C] or [N, C, H, W]), from the recorded
 * running statistics: y = scale_c x + shift_c with scale_c = gamma_c / sqrt(var_c + eps) and
 * shift_c = beta_c - scale_c mean_c. Parameters "gamma"/"weight" (default 1), "beta"/"bias"
 * (default 0), "mean"/"running_mean", "var"/"running_var"; attribute {@code eps} (1e-5).
 *
 * Relevance: LRP-0 and epsilon treat it as a one-input linear neuron with bias, R_x = scale x /
 * (y + eps sign y) R_y, so the shift absorbs its share; every other rule passes relevance through
 * unchanged (those rules ignore biases, and with a single input the ratio is 1).
 */
public final class BatchNormOperator implements IOperator, IForwardDerivative {

    private record Affine(float[] scale, float[] shift, int channels, int inner) {
        int channel(int flatIndex) {
            return (flatIndex / inner) % channels;
        }
    }

    private static Affine affine(OperatorContext context, FloatTensor x) {
        int channels = x.rank() < 2 ? 1 : x.dim(1);
        int inner = channels == 0 ? 0 : Tensors.perSample(x) / channels;
        float[] mean = Parameters.required(context, "mean", "running_mean", "runningMean").data();
        float[] var = Parameters.required(context, "var", "running_var", "runningVar").data();
        float[] gamma = Parameters.optional(context, "gamma", "weight").map(FloatTensor::data).orElse(null);
        float[] beta = Parameters.optional(context, "beta", "bias").map(FloatTensor::data).orElse(null);
        double eps = NodeAttributes.number(context.node(), 1e-5, "eps", "epsilon");
        if (mean.length != channels || var.length != channels) {
            throw new IllegalArgumentException("node " + context.node().id() + ": running statistics of "
                    + mean.length + " channels for input " + x);
        }
        float[] scale = new float[channels];
        float[] shift = new float[channels];
        for (int c = 0; c < channels; c++) {
            double s = (gamma == null ? 1.0 : gamma[c]) / Math.sqrt(var[c] + eps);
            scale[c] = (float) s;
            shift[c] = (float) ((beta == null ? 0.0 : beta[c]) - s * mean[c]);
        }
        return new Affine(scale, shift, channels, inner);
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = Inputs.single(context, inputs);
        Affine a = affine(context, x);
        float[] xd = x.data();
        float[] out = new float[xd.length];
        for (int i = 0; i < out.length; i++) {
            int c = a.channel(i);
            out[i] = a.scale[c] * xd[i] + a.shift[c];
        }
        return new FloatTensor(x.shape(), out);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        FloatTensor x = Inputs.single(context, inputs);
        return List.of(scaled(affine(context, x), outputGradient));
    }

    private static FloatTensor scaled(Affine a, FloatTensor v) {
        float[] vd = v.data();
        float[] out = new float[vd.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.scale[a.channel(i)] * vd[i];
        }
        return new FloatTensor(v.shape(), out);
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        if (!rule.name().equals("lrp0") && !rule.name().equals("epsilon")) {
            return List.of(outputRelevance);
        }
        double epsilon = rule.name().equals("epsilon") ? rule.parameter("epsilon", 1e-6) : 0.0;
        FloatTensor x = Inputs.single(context, inputs);
        Affine a = affine(context, x);
        float[] xd = x.data();
        float[] yd = output.data();
        float[] rd = outputRelevance.data();
        float[] out = new float[xd.length];
        for (int i = 0; i < out.length; i++) {
            float den = epsilon == 0 ? yd[i] : Tensors.stabilize(yd[i], epsilon);
            out[i] = a.scale[a.channel(i)] * xd[i] * Tensors.divideOrZero(rd[i], den);
        }
        return List.of(new FloatTensor(x.shape(), out));
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        return t == null ? FloatTensor.zeros(output.shape()) : scaled(affine(context, Inputs.single(context, inputs)), t);
    }
}
