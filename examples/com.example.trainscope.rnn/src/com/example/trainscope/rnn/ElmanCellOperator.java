package com.example.trainscope.rnn;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * One time step of an Elman RNN: {@code h = tanh(x Wx + hPrev Wh + b)} with inputs {@code [x, hPrev]}
 * (each [N, features]) and parameters {@code Wx} [in, hidden], {@code Wh} [hidden, hidden],
 * optional {@code b} [hidden]. Relevance: tanh passes relevance through (it does not mix neurons),
 * the linear part redistributes it by LRP-0 or epsilon over both inputs together.
 */
public class ElmanCellOperator implements IOperator {

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        float[] pre = preActivation(context, inputs);
        float[] h = new float[pre.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = (float) Math.tanh(pre[i]);
        }
        return new FloatTensor(new int[] { inputs.get(0).dim(0), hidden(context) }, h);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        float[] h = output.data();
        float[] g = outputGradient.data();
        float[] dPre = new float[h.length];
        for (int i = 0; i < h.length; i++) {
            dPre[i] = g[i] * (1 - h[i] * h[i]);
        }
        int n = inputs.get(0).dim(0);
        return List.of(times(dPre, n, context.requireParameter("Wx")), times(dPre, n, context.requireParameter("Wh")));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        double eps = switch (rule.name()) {
            case "lrp0" -> 0;
            case "epsilon" -> rule.parameter("epsilon", 1e-6);
            default -> throw new UnsupportedOperationException("the Elman cell supports lrp0 and epsilon, not "
                    + rule.name());
        };
        float[] pre = preActivation(context, inputs);
        int n = inputs.get(0).dim(0);
        // s_j = R_j / (z_j + eps sign z_j); R_i = a_i * sum_j w_ij s_j, for x and hPrev alike
        float[] s = new float[pre.length];
        float[] r = outputRelevance.data();
        for (int i = 0; i < s.length; i++) {
            double z = pre[i];
            double denominator = z + (z >= 0 ? eps : -eps);
            s[i] = denominator == 0 ? 0 : (float) (r[i] / denominator);
        }
        FloatTensor rx = scale(inputs.get(0), times(s, n, context.requireParameter("Wx")));
        FloatTensor rh = scale(inputs.get(1), times(s, n, context.requireParameter("Wh")));
        return List.of(rx, rh);
    }

    private static int hidden(OperatorContext context) {
        return context.requireParameter("Wh").dim(0);
    }

    /** x Wx + hPrev Wh + b, row-major [N, hidden]. */
    private static float[] preActivation(OperatorContext context, List<FloatTensor> inputs) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("node " + context.node().id() + ": an Elman cell takes [x, hPrev], got "
                    + inputs.size() + " inputs");
        }
        FloatTensor wx = context.requireParameter("Wx");
        FloatTensor wh = context.requireParameter("Wh");
        float[] b = context.parameter("b").map(FloatTensor::data).orElse(null);
        int n = inputs.get(0).dim(0);
        int hidden = wh.dim(0);
        float[] out = new float[n * hidden];
        accumulate(inputs.get(0), wx, out, n, hidden);
        accumulate(inputs.get(1), wh, out, n, hidden);
        if (b != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] += b[i % hidden];
            }
        }
        return out;
    }

    private static void accumulate(FloatTensor a, FloatTensor w, float[] out, int n, int hidden) {
        int in = w.dim(0);
        if (a.size() != n * in || w.dim(1) != hidden) {
            throw new IllegalArgumentException("input " + a + " does not fit weights " + w);
        }
        float[] ad = a.data();
        float[] wd = w.data();
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < in; i++) {
                float ai = ad[row * in + i];
                for (int j = 0; j < hidden; j++) {
                    out[row * hidden + j] += ai * wd[i * hidden + j];
                }
            }
        }
    }

    /** g W^T for g [N, hidden] and W [in, hidden]: [N, in]. */
    private static FloatTensor times(float[] g, int n, FloatTensor w) {
        int in = w.dim(0);
        int hidden = w.dim(1);
        float[] out = new float[n * in];
        float[] wd = w.data();
        for (int row = 0; row < n; row++) {
            for (int i = 0; i < in; i++) {
                double sum = 0;
                for (int j = 0; j < hidden; j++) {
                    sum += g[row * hidden + j] * wd[i * hidden + j];
                }
                out[row * in + i] = (float) sum;
            }
        }
        return new FloatTensor(new int[] { n, in }, out);
    }

    private static FloatTensor scale(FloatTensor a, FloatTensor b) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.data()[i] * b.data()[i];
        }
        return new FloatTensor(a.shape(), out);
    }
}
