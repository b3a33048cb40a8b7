package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Softmax (type "softmax") and log-softmax (type "logsoftmax") along one axis: attribute
 * {@code dim} or {@code axis}, default 1 (the class axis of [N, K]; negative counts from the
 * end); with {@code flattenFromAxis=true} (ONNX's Softmax before opset 13) over all values from
 * that axis on, as one row. Computed with the maximum subtracted, in double, so large logits do not overflow; a NaN
 * or infinite logit makes its whole row NaN, as in PyTorch.
 *
 * <p>Relevance: the output non-linearity of a classifier is not explained itself; the relevance
 * of class k's (log-)probability goes to class k's logit unchanged, as for any monotone
 * per-class output function. This is what LRP practice does (Montavon et al. 2019 explain the
 * logit, Zennit and iNNvestigate strip the softmax), and it conserves relevance.
 */
public abstract class SoftmaxOperator implements IOperator, IForwardDerivative {

    /** Rows of values along the axis: {@code outer * inner} rows of {@code length} values, stride {@code inner}. */
    record Axis(int outer, int length, int inner) {
        static Axis of(OperatorContext context, FloatTensor x) {
            int axis = (int) NodeAttributes.number(context.node(), 1, "dim", "axis");
            if (axis < 0) {
                axis += x.rank();
            }
            if (axis <= 0 || axis >= x.rank()) {
                throw new IllegalArgumentException("node " + context.node().id() + " (" + context.node().operatorType()
                        + "): axis " + axis + " is not a feature axis of " + x);
            }
            int outer = 1;
            for (int d = 0; d < axis; d++) {
                outer *= x.dim(d);
            }
            if (NodeAttributes.text(context.node(), "false", "flattenFromAxis").trim().equalsIgnoreCase("true")) {
                // ONNX before opset 13: one softmax over all values from the axis on
                return new Axis(outer, x.size() / Math.max(outer, 1), 1);
            }
            int inner = 1;
            for (int d = axis + 1; d < x.rank(); d++) {
                inner *= x.dim(d);
            }
            return new Axis(outer, x.dim(axis), inner);
        }

        int at(int row, int k) {
            return (row / inner) * length * inner + row % inner + k * inner;
        }

        int rows() {
            return outer * inner;
        }
    }

    /** The probabilities of {@code x} along the axis. */
    static float[] probabilities(Axis a, float[] x) {
        float[] p = new float[x.length];
        for (int row = 0; row < a.rows(); row++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < a.length(); k++) {
                max = Math.max(max, x[a.at(row, k)]);
            }
            double sum = 0;
            for (int k = 0; k < a.length(); k++) {
                sum += Math.exp(x[a.at(row, k)] - max);
            }
            for (int k = 0; k < a.length(); k++) {
                p[a.at(row, k)] = (float) (Math.exp(x[a.at(row, k)] - max) / sum);
            }
        }
        return p;
    }

    /** sum_k p_k v_k per row, spread back over the row's positions. */
    static double[] weightedSums(Axis a, float[] p, float[] v) {
        double[] s = new double[a.rows()];
        for (int row = 0; row < a.rows(); row++) {
            double sum = 0;
            for (int k = 0; k < a.length(); k++) {
                sum += (double) p[a.at(row, k)] * v[a.at(row, k)];
            }
            s[row] = sum;
        }
        return s;
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return List.of(outputRelevance.reshape(Inputs.single(context, inputs).shape()));
    }

    /** y = softmax(x); J v = y * (v - sum(y v)), symmetric, so backward and tangent agree. */
    public static final class Softmax extends SoftmaxOperator {
        @Override
        public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
            FloatTensor x = Inputs.single(context, inputs);
            return new FloatTensor(x.shape(), probabilities(Axis.of(context, x), x.data()));
        }

        @Override
        public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
                FloatTensor outputGradient) {
            return List.of(jacobianTimes(context, Inputs.single(context, inputs), output, outputGradient));
        }

        @Override
        public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
                List<FloatTensor> inputTangents) {
            FloatTensor t = inputTangents.get(0);
            return t == null ? FloatTensor.zeros(output.shape())
                    : jacobianTimes(context, Inputs.single(context, inputs), output, t);
        }

        private static FloatTensor jacobianTimes(OperatorContext context, FloatTensor x, FloatTensor y, FloatTensor v) {
            Axis a = Axis.of(context, x);
            float[] p = y.data();
            float[] vd = v.data();
            double[] s = weightedSums(a, p, vd);
            float[] out = new float[p.length];
            for (int row = 0; row < a.rows(); row++) {
                for (int k = 0; k < a.length(); k++) {
                    int i = a.at(row, k);
                    out[i] = (float) (p[i] * (vd[i] - s[row]));
                }
            }
            return new FloatTensor(x.shape(), out);
        }
    }

    /**
     * y = x - log sum exp x; backward g - softmax(x) sum(g), tangent t - sum(softmax(x) t): the
     * Jacobian I - 1 p^T is not symmetric.
     */
    public static final class LogSoftmax extends SoftmaxOperator {
        @Override
        public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
            FloatTensor x = Inputs.single(context, inputs);
            Axis a = Axis.of(context, x);
            float[] xd = x.data();
            float[] out = new float[xd.length];
            for (int row = 0; row < a.rows(); row++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < a.length(); k++) {
                    max = Math.max(max, xd[a.at(row, k)]);
                }
                double sum = 0;
                for (int k = 0; k < a.length(); k++) {
                    sum += Math.exp(xd[a.at(row, k)] - max);
                }
                double logSum = max + Math.log(sum);
                for (int k = 0; k < a.length(); k++) {
                    out[a.at(row, k)] = (float) (xd[a.at(row, k)] - logSum);
                }
            }
            return new FloatTensor(x.shape(), out);
        }

        @Override
        public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
                FloatTensor outputGradient) {
            FloatTensor x = Inputs.single(context, inputs);
            Axis a = Axis.of(context, x);
            float[] p = probabilities(a, x.data());
            float[] g = outputGradient.data();
            float[] out = new float[g.length];
            for (int row = 0; row < a.rows(); row++) {
                double sum = 0;
                for (int k = 0; k < a.length(); k++) {
                    sum += g[a.at(row, k)];
                }
                for (int k = 0; k < a.length(); k++) {
                    int i = a.at(row, k);
                    out[i] = (float) (g[i] - p[i] * sum);
                }
            }
            return List.of(new FloatTensor(x.shape(), out));
        }

        @Override
        public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
                List<FloatTensor> inputTangents) {
            FloatTensor t = inputTangents.get(0);
            if (t == null) {
                return FloatTensor.zeros(output.shape());
            }
            FloatTensor x = Inputs.single(context, inputs);
            Axis a = Axis.of(context, x);
            float[] p = probabilities(a, x.data());
            float[] td = t.data();
            double[] s = weightedSums(a, p, td);
            float[] out = new float[td.length];
            for (int row = 0; row < a.rows(); row++) {
                for (int k = 0; k < a.length(); k++) {
                    int i = a.at(row, k);
                    out[i] = (float) (td[i] - s[row]);
                }
            }
            return new FloatTensor(x.shape(), out);
        }
    }
}
