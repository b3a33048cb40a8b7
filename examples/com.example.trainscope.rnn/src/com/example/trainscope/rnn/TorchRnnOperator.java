package com.example.trainscope.rnn;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * PyTorch's {@code nn.RNN} as TrainScope's PyTorch recorder writes it (op {@code rnn}): one layer,
 * one direction, {@code batch_first=True}, tanh or relu. Input [N, T, in], output [N, T, hidden],
 * {@code h_t = act(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)} from {@code h_{-1} = 0}, with the
 * recorded parameters {@code weight_ih_l0} [hidden, in], {@code weight_hh_l0} [hidden, hidden] and
 * the optional biases {@code bias_ih_l0}, {@code bias_hh_l0}. Credit unrolls it over time: every
 * step redistributes the relevance of h_t (its own output's plus what later steps handed back) onto
 * x_t and h_{t-1}, by LRP-0, epsilon, or z-box on x_t (the network's first layer) with LRP-0 on
 * h_{t-1}; the activation passes relevance through, the biases keep their share.
 */
public class TorchRnnOperator implements IOperator {

    /** The recorded weights and the shapes they imply, checked against the node and the input. */
    private record Cell(float[] wih, float[] whh, float[] bias, int in, int hidden, boolean relu) {
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        Cell c = cell(context, inputs);
        FloatTensor x = inputs.get(0);
        int n = x.dim(0);
        int steps = x.dim(1);
        float[][] pre = preActivations(c, x, n, steps);
        float[] out = new float[n * steps * c.hidden];
        for (int i = 0; i < out.length; i++) {
            out[i] = activate(c, pre[i / (steps * c.hidden)][i % (steps * c.hidden)]);
        }
        return new FloatTensor(new int[] { n, steps, c.hidden }, out);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        Cell c = cell(context, inputs);
        FloatTensor x = inputs.get(0);
        int n = x.dim(0);
        int steps = x.dim(1);
        int hidden = c.hidden;
        float[][] pre = preActivations(c, x, n, steps);
        float[] dx = new float[x.size()];
        float[] g = outputGradient.data();
        for (int s = 0; s < n; s++) {
            double[] carry = new double[hidden];
            for (int t = steps - 1; t >= 0; t--) {
                double[] dPre = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    double z = pre[s][t * hidden + j];
                    dPre[j] = (g[(s * steps + t) * hidden + j] + carry[j]) * derivative(c, z);
                }
                for (int i = 0; i < c.in; i++) {
                    double sum = 0;
                    for (int j = 0; j < hidden; j++) {
                        sum += dPre[j] * c.wih[j * c.in + i];
                    }
                    dx[(s * steps + t) * c.in + i] = (float) sum;
                }
                double[] next = new double[hidden];
                for (int k = 0; k < hidden; k++) {
                    for (int j = 0; j < hidden; j++) {
                        next[k] += dPre[j] * c.whh[j * hidden + k];
                    }
                }
                carry = next;
            }
        }
        return List.of(new FloatTensor(x.shape(), dx));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        double eps;
        boolean box = false;
        double low = 0;
        double high = 0;
        switch (rule.name()) {
            case "lrp0" -> eps = 0;
            case "epsilon" -> eps = rule.parameter("epsilon", 1e-6);
            case "zBox" -> {
                eps = 0;
                box = true;
                low = rule.parameter("low", 0);
                high = rule.parameter("high", 1);
            }
            default -> throw new UnsupportedOperationException("the RNN operator (" + context.node().id()
                    + ") supports the rules lrp0, epsilon and zBox, not " + rule.name());
        }
        Cell c = cell(context, inputs);
        FloatTensor x = inputs.get(0);
        int n = x.dim(0);
        int steps = x.dim(1);
        int hidden = c.hidden;
        int in = c.in;
        float[][] pre = preActivations(c, x, n, steps);
        float[] xd = x.data();
        float[] r = outputRelevance.data();
        float[] rx = new float[x.size()];
        for (int s = 0; s < n; s++) {
            double[] carry = new double[hidden];
            for (int t = steps - 1; t >= 0; t--) {
                double[] hPrev = new double[hidden];
                for (int k = 0; t > 0 && k < hidden; k++) {
                    hPrev[k] = activate(c, pre[s][(t - 1) * hidden + k]);
                }
                int xAt = (s * steps + t) * in;
                double[] next = new double[hidden];
                for (int j = 0; j < hidden; j++) {
                    double relevance = r[(s * steps + t) * hidden + j] + carry[j];
                    // the numerators c_ij of x_t and h_{t-1}, and their sum (with the bias for LRP-0/epsilon)
                    double[] cx = new double[in];
                    double[] ch = new double[hidden];
                    double z = box ? 0 : (c.bias == null ? 0 : c.bias[j]);
                    for (int i = 0; i < in; i++) {
                        double w = c.wih[j * in + i];
                        cx[i] = box ? xd[xAt + i] * w - low * Math.max(w, 0) - high * Math.min(w, 0) : xd[xAt + i] * w;
                        z += cx[i];
                    }
                    for (int k = 0; k < hidden; k++) {
                        ch[k] = hPrev[k] * c.whh[j * hidden + k];
                        z += ch[k];
                    }
                    double denominator = z + (z >= 0 ? eps : -eps);
                    if (denominator == 0 || relevance == 0) {
                        continue;
                    }
                    double share = relevance / denominator;
                    for (int i = 0; i < in; i++) {
                        rx[xAt + i] += (float) (cx[i] * share);
                    }
                    for (int k = 0; k < hidden; k++) {
                        next[k] += ch[k] * share;
                    }
                }
                carry = next;
            }
        }
        return List.of(new FloatTensor(x.shape(), rx));
    }

    private static Cell cell(OperatorContext context, List<FloatTensor> inputs) {
        String id = context.node().id();
        if (inputs.size() != 1 || inputs.get(0).rank() != 3) {
            throw new IllegalArgumentException("node " + id + ": nn.RNN takes one input [batch, time, features], got "
                    + inputs);
        }
        var attributes = context.node().attributes();
        if (context.intAttribute("num_layers", 1) != 1 || Boolean.parseBoolean(attributes.getOrDefault("bidirectional", "false"))
                || !Boolean.parseBoolean(attributes.getOrDefault("batch_first", "true"))) {
            throw new IllegalArgumentException("node " + id + ": only a one-layer, one-direction nn.RNN with "
                    + "batch_first=True is supported, attributes " + attributes);
        }
        String nonlinearity = attributes.getOrDefault("nonlinearity", "tanh");
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("node " + id + ": nonlinearity '" + nonlinearity + "' is not tanh or relu");
        }
        FloatTensor wih = context.requireParameter("weight_ih_l0");
        FloatTensor whh = context.requireParameter("weight_hh_l0");
        int hidden = whh.dim(0);
        int in = inputs.get(0).dim(2);
        if (wih.rank() != 2 || wih.dim(0) != hidden || wih.dim(1) != in || whh.rank() != 2 || whh.dim(1) != hidden) {
            throw new IllegalArgumentException("node " + id + ": weights " + wih + " and " + whh + " do not fit input "
                    + inputs.get(0));
        }
        float[] bias = null;
        for (String name : List.of("bias_ih_l0", "bias_hh_l0")) {
            float[] b = context.parameter(name).map(FloatTensor::data).orElse(null);
            if (b != null) {
                bias = bias == null ? new float[hidden] : bias;
                for (int j = 0; j < hidden; j++) {
                    bias[j] += b[j];
                }
            }
        }
        return new Cell(wih.data(), whh.data(), bias, in, hidden, nonlinearity.equals("relu"));
    }

    /** Per sample, the pre-activations of every step, [T * hidden]. */
    private static float[][] preActivations(Cell c, FloatTensor x, int n, int steps) {
        float[] xd = x.data();
        float[][] pre = new float[n][steps * c.hidden];
        for (int s = 0; s < n; s++) {
            double[] h = new double[c.hidden];
            for (int t = 0; t < steps; t++) {
                int xAt = (s * steps + t) * c.in;
                double[] next = new double[c.hidden];
                for (int j = 0; j < c.hidden; j++) {
                    double z = c.bias == null ? 0 : c.bias[j];
                    for (int i = 0; i < c.in; i++) {
                        z += xd[xAt + i] * c.wih[j * c.in + i];
                    }
                    for (int k = 0; k < c.hidden; k++) {
                        z += h[k] * c.whh[j * c.hidden + k];
                    }
                    pre[s][t * c.hidden + j] = (float) z;
                    next[j] = activate(c, (float) z);
                }
                h = next;
            }
        }
        return pre;
    }

    private static float activate(Cell c, float z) {
        return c.relu ? Math.max(z, 0) : (float) Math.tanh(z);
    }

    private static double derivative(Cell c, double z) {
        if (c.relu) {
            return z > 0 ? 1 : 0;
        }
        double h = Math.tanh(z);
        return 1 - h * h;
    }
}
