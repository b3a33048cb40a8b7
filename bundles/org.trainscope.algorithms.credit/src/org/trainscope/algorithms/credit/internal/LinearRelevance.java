package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.RelevanceRule;

/**
 * The LRP rules for a layer that is linear in its input, written once against
 * {@link LinearForm}. Every rule has the form R_i = sum_j c_ij / (sum_i' c_i'j) * R_j for some
 * contribution c_ij; it is computed as a product with a ratio s_j = R_j / z_j followed by the
 * transposed product, so no [in x out] contribution matrix is ever built. The exact formulas
 * are in docs/algorithms/credit-assignment.md.
 */
public final class LinearRelevance {
    private LinearRelevance() {
    }

    /**
     * @param output the layer's recorded output x * W + b, reused by LRP-0 and epsilon; may be null
     */
    public static FloatTensor propagate(LinearForm form, FloatTensor x, FloatTensor output, FloatTensor relevance,
            RelevanceRule rule) {
        return switch (rule.name()) {
            case "lrp0" -> ratioRule(form, x, output, relevance, 0.0);
            case "epsilon" -> ratioRule(form, x, output, relevance, rule.parameter("epsilon", 1e-6));
            case "gamma" -> gamma(form, x, relevance, rule.parameter("gamma", 0.25));
            case "alphaBeta" -> alphaBeta(form, x, output, relevance, rule.parameter("alpha", 1), rule.parameter("beta", 0));
            case "zPlus" -> zPlus(form, x, relevance);
            case "flat" -> flat(form, x, relevance);
            case "zBox" -> zBox(form, x, relevance, rule.parameter("low", 0), rule.parameter("high", 1));
            default -> throw new UnsupportedOperationException("a linear layer does not know the rule '" + rule.name()
                    + "'");
        };
    }

    /** LRP-0 (epsilon = 0) and epsilon: z_j = sum_i x_i w_ij + b_j, R_i = x_i sum_j w_ij R_j / (z_j + eps sign z_j). */
    private static FloatTensor ratioRule(LinearForm form, FloatTensor x, FloatTensor output, FloatTensor r,
            double epsilon) {
        FloatTensor z = output != null ? output : form.forward(x);
        float[] s = ratios(r.data(), z.data(), epsilon);
        FloatTensor back = form.applyTransposed(Tensors.withData(r, s), form.weights());
        return Tensors.withData(x, Tensors.multiply(x.data(), back.data()));
    }

    /** Gamma: w' = w + gamma w+, b' = b + gamma b+; R_i = x_i sum_j w'_ij R_j / z'_j. */
    private static FloatTensor gamma(LinearForm form, FloatTensor x, FloatTensor r, double gamma) {
        float[] w = form.weights();
        float[] wg = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            wg[i] = (float) (w[i] + gamma * Math.max(w[i], 0f));
        }
        FloatTensor z = form.apply(x, wg);
        if (form.bias() != null) {
            float[] b = form.bias();
            float[] bg = new float[b.length];
            for (int i = 0; i < b.length; i++) {
                bg[i] = (float) (b[i] + gamma * Math.max(b[i], 0f));
            }
            form.addBias(z, bg);
        }
        float[] s = ratios(r.data(), z.data(), 0.0);
        FloatTensor back = form.applyTransposed(Tensors.withData(r, s), wg);
        return Tensors.withData(x, Tensors.multiply(x.data(), back.data()));
    }

    /**
     * Alpha-beta on the signed contributions z_ij = x_i w_ij (not on clamped weights):
     * (x w)+ = x+ w+ + x- w-, (x w)- = x+ w- + x- w+. The bias is left out. A neuron whose
     * contributions all have one sign (z-_j = 0 or z+_j = 0; e.g. average pooling after a ReLU)
     * sends its relevance through that side with weight alpha - beta = 1 instead of alpha, so
     * relevance is conserved for every neuron whenever alpha - beta = 1.
     */
    private static FloatTensor alphaBeta(LinearForm form, FloatTensor x, FloatTensor output, FloatTensor r,
            double alpha, double beta) {
        float[] w = form.weights();
        float[] wp = Tensors.positivePart(w);
        float[] wn = Tensors.negativePart(w);
        FloatTensor xp = Tensors.withData(x, Tensors.positivePart(x.data()));
        boolean signed = Tensors.anyNegative(x.data());
        FloatTensor xn = signed ? Tensors.withData(x, Tensors.negativePart(x.data())) : null;
        float[] zp = form.apply(xp, wp).data();
        float[] zn = xn == null && output != null ? negativeFromOutput(form, output, zp) : form.apply(xp, wn).data();
        if (xn != null) {
            Tensors.addInto(zp, form.apply(xn, wn).data());
            Tensors.addInto(zn, form.apply(xn, wp).data());
        }
        float[] rd = r.data();
        float[] sp = new float[rd.length];
        float[] sn = new float[rd.length];
        for (int j = 0; j < rd.length; j++) {
            double a = zn[j] == 0f ? alpha - beta : zp[j] == 0f ? 0 : alpha;
            double b = zp[j] == 0f ? beta - alpha : zn[j] == 0f ? 0 : beta;
            sp[j] = (float) (a * Tensors.divideOrZero(rd[j], zp[j]));
            sn[j] = (float) (-b * Tensors.divideOrZero(rd[j], zn[j]));
        }
        FloatTensor sP = Tensors.withData(r, sp);
        FloatTensor sN = Tensors.withData(r, sn);
        boolean negativeSide = anyNonZero(sn); // skips two products for alpha=1, beta=0 in the common case
        float[] out = Tensors.multiply(xp.data(), form.applyTransposed(sP, wp).data());
        if (negativeSide) {
            Tensors.addInto(out, Tensors.multiply(xp.data(), form.applyTransposed(sN, wn).data()));
        }
        if (xn != null) {
            Tensors.addInto(out, Tensors.multiply(xn.data(), form.applyTransposed(sP, wn).data()));
            if (negativeSide) {
                Tensors.addInto(out, Tensors.multiply(xn.data(), form.applyTransposed(sN, wp).data()));
            }
        }
        return Tensors.withData(x, out);
    }

    /** z+: R_i = x_i sum_j w+_ij R_j / sum_i' x_i' w+_i'j (meant for non-negative x). */
    private static FloatTensor zPlus(LinearForm form, FloatTensor x, FloatTensor r) {
        float[] wp = Tensors.positivePart(form.weights());
        FloatTensor z = form.apply(x, wp);
        FloatTensor s = Tensors.withData(r, ratios(r.data(), z.data(), 0.0));
        return Tensors.withData(x, Tensors.multiply(x.data(), form.applyTransposed(s, wp).data()));
    }

    /** Flat: every connection counts 1, R_i = sum_j R_j / n_j where n_j is the fan-in of j. */
    private static FloatTensor flat(LinearForm form, FloatTensor x, FloatTensor r) {
        float[] ones = Tensors.filled(form.weights().length, 1f);
        FloatTensor xOnes = Tensors.withData(x, Tensors.filled(x.size(), 1f));
        FloatTensor z = form.apply(xOnes, ones);
        FloatTensor s = Tensors.withData(r, ratios(r.data(), z.data(), 0.0));
        return form.applyTransposed(s, ones);
    }

    /** z-box: c_ij = x_i w_ij - l w+_ij - h w-_ij, for inputs bounded by [low, high]. */
    private static FloatTensor zBox(LinearForm form, FloatTensor x, FloatTensor r, double low, double high) {
        float[] w = form.weights();
        float[] wp = Tensors.positivePart(w);
        float[] wn = Tensors.negativePart(w);
        FloatTensor lows = Tensors.withData(x, Tensors.filled(x.size(), (float) low));
        FloatTensor highs = Tensors.withData(x, Tensors.filled(x.size(), (float) high));
        float[] z = form.apply(x, w).data();
        float[] zl = form.apply(lows, wp).data();
        float[] zh = form.apply(highs, wn).data();
        for (int j = 0; j < z.length; j++) {
            z[j] = z[j] - zl[j] - zh[j];
        }
        FloatTensor s = Tensors.withData(r, ratios(r.data(), z, 0.0));
        float[] a = form.applyTransposed(s, w).data();
        float[] p = form.applyTransposed(s, wp).data();
        float[] n = form.applyTransposed(s, wn).data();
        float[] xd = x.data();
        float[] out = new float[xd.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (xd[i] * a[i] - low * p[i] - high * n[i]);
        }
        return Tensors.withData(x, out);
    }

    /**
     * For non-negative x, x w- = (x w + b) - b - x w+: one product fewer than computing it, which
     * matters because alpha-beta is the most expensive rule. Rounding can leave a tiny positive
     * difference; it is clamped to 0, which routes that neuron through the one-signed fallback.
     */
    private static float[] negativeFromOutput(LinearForm form, FloatTensor output, float[] zp) {
        float[] z = output.data().clone();
        if (form.bias() != null) {
            float[] minusBias = form.bias().clone();
            for (int i = 0; i < minusBias.length; i++) {
                minusBias[i] = -minusBias[i];
            }
            form.addBias(new FloatTensor(output.shape(), z), minusBias);
        }
        float[] zn = new float[z.length];
        for (int j = 0; j < z.length; j++) {
            zn[j] = Math.min(z[j] - zp[j], 0f);
        }
        return zn;
    }

    private static boolean anyNonZero(float[] a) {
        for (float v : a) {
            if (v != 0f) {
                return true;
            }
        }
        return false;
    }

    /** s_j = R_j / (z_j + eps sign z_j), 0 where the denominator is exactly 0. */
    static float[] ratios(float[] r, float[] z, double epsilon) {
        float[] s = new float[r.length];
        for (int j = 0; j < s.length; j++) {
            float den = epsilon == 0 ? z[j] : Tensors.stabilize(z[j], epsilon);
            s[j] = Tensors.divideOrZero(r[j], den);
        }
        return s;
    }
}
