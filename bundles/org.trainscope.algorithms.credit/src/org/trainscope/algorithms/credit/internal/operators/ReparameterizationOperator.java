package org.trainscope.algorithms.credit.internal.operators;

import java.util.ArrayList;
import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * The VAE reparameterisation z = mu + sigma * eps with sigma = exp(logvar / 2). Inputs: mu,
 * logvar and, optionally, eps as a third input; otherwise eps is the recorded parameter "eps"
 * (the noise drawn at that iteration). A replay needs the recorded eps to reproduce z.
 *
 * Relevance: z is a sum of the mean term mu and the noise term sigma eps; each gets the share
 * of its value, R_mu = mu / z R and R_logvar = sigma eps / z R (the noise term's relevance goes
 * to logvar, the learned side of it; an eps input gets none). The epsilon rule stabilises z.
 */
public final class ReparameterizationOperator implements IOperator, IForwardDerivative {

    private static FloatTensor eps(OperatorContext context, List<FloatTensor> inputs) {
        if (inputs.size() == 3) {
            return inputs.get(2);
        }
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("node " + context.node().id()
                    + " (reparameterize) takes mu, logvar and optionally eps, got " + inputs.size() + " inputs");
        }
        return Parameters.optional(context, "eps", "epsilon", "noise").orElseThrow(() -> new IllegalArgumentException(
                "node " + context.node().id() + " (" + context.node().operatorType() + ") draws a noise the trace does "
                        + "not hold: neurons after it can be explained only when the recorder stores the noise of the "
                        + "probe inputs (node attribute \"probeNoise\", trace format §4.1)"));
    }

    private static float[] sigma(FloatTensor logvar) {
        float[] lv = logvar.data();
        float[] s = new float[lv.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) Math.exp(0.5 * lv[i]);
        }
        return s;
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor mu = inputs.get(0);
        float[] sigma = sigma(inputs.get(1));
        float[] e = eps(context, inputs).data();
        float[] m = mu.data();
        if (e.length != m.length || sigma.length != m.length) {
            throw new IllegalArgumentException("node " + context.node().id() + ": mu, logvar and eps differ in size");
        }
        float[] z = new float[m.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = m[i] + sigma[i] * e[i];
        }
        return new FloatTensor(mu.shape(), z);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        float[] g = outputGradient.data();
        float[] sigma = sigma(inputs.get(1));
        float[] e = eps(context, inputs).data();
        float[] dLogvar = new float[g.length];
        float[] dEps = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            dLogvar[i] = g[i] * 0.5f * sigma[i] * e[i];
            dEps[i] = g[i] * sigma[i];
        }
        List<FloatTensor> out = new ArrayList<>();
        out.add(outputGradient);
        out.add(new FloatTensor(inputs.get(1).shape(), dLogvar));
        if (inputs.size() == 3) {
            out.add(new FloatTensor(inputs.get(2).shape(), dEps));
        }
        return out;
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        double epsilon = rule.name().equals("epsilon") ? rule.parameter("epsilon", 1e-6) : 0.0;
        float[] m = inputs.get(0).data();
        float[] sigma = sigma(inputs.get(1));
        float[] e = eps(context, inputs).data();
        float[] z = output.data();
        float[] r = outputRelevance.data();
        float[] rMu = new float[m.length];
        float[] rLogvar = new float[m.length];
        for (int i = 0; i < m.length; i++) {
            float s = Tensors.divideOrZero(r[i], epsilon == 0 ? z[i] : Tensors.stabilize(z[i], epsilon));
            rMu[i] = m[i] * s;
            rLogvar[i] = sigma[i] * e[i] * s;
        }
        List<FloatTensor> out = new ArrayList<>();
        out.add(new FloatTensor(inputs.get(0).shape(), rMu));
        out.add(new FloatTensor(inputs.get(1).shape(), rLogvar));
        if (inputs.size() == 3) {
            out.add(FloatTensor.zeros(inputs.get(2).shape()));
        }
        return out;
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        float[] sigma = sigma(inputs.get(1));
        float[] e = eps(context, inputs).data();
        float[] out = new float[output.size()];
        FloatTensor tMu = inputTangents.get(0);
        FloatTensor tLogvar = inputTangents.get(1);
        FloatTensor tEps = inputTangents.size() == 3 ? inputTangents.get(2) : null;
        for (int i = 0; i < out.length; i++) {
            float v = tMu == null ? 0f : tMu.data()[i];
            if (tLogvar != null) {
                v += 0.5f * sigma[i] * e[i] * tLogvar.data()[i];
            }
            if (tEps != null) {
                v += sigma[i] * tEps.data()[i];
            }
            out[i] = v;
        }
        return new FloatTensor(output.shape(), out);
    }
}
