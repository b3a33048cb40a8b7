package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;
import java.util.Locale;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.algorithms.credit.internal.Parameters;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * A loss node (type "loss", as the DL4J recorder writes after an output layer): the per-sample
 * loss [N, 1] of the layer's output p against the targets y, so that backward credit can start
 * at the loss the network was trained on. The targets are the parameter "labels": class indices
 * [N] (turned into one-hot rows) or rows [N, K]. Attribute {@code function}, DL4J's loss
 * (its toString, "LossNegativeLogLikelihood()", or a bare name):
 * <ul>
 * <li>negativeloglikelihood, mcxent: -sum_k y_k log p_k, with p clipped to at least 1e-10 as
 * DL4J's LossMCXENT does (a probability that underflowed to 0 gives a large, finite gradient);</li>
 * <li>binaryxent, xent: -sum_k (y_k log p_k + (1 - y_k) log(1 - p_k)), same clipping;</li>
 * <li>mse: sum_k (p_k - y_k)^2 / K; l2: sum_k (p_k - y_k)^2;</li>
 * <li>mae: sum_k |p_k - y_k| / K; l1: sum_k |p_k - y_k|.</li>
 * </ul>
 * Other functions are rejected with a message naming them. A loss explains nothing by itself:
 * relevance is not defined for it (it is never an ancestor of a neuron to explain).
 */
public final class LossOperator implements IOperator, IForwardDerivative {
    /** DL4J's softmaxClipEps. */
    private static final double CLIP = 1e-10;

    private enum Function {
        NLL, BINARY_XENT, MSE, L2, MAE, L1;

        static Function of(OperatorContext context) {
            String text = NodeAttributes.text(context.node(), "", "function", "lossFunction", "loss");
            String name = text.toLowerCase(Locale.ROOT).replaceAll("\\(.*", "").replace("_", "").trim();
            if (name.startsWith("loss")) {
                name = name.substring(4);
            }
            return switch (name) {
                case "negativeloglikelihood", "mcxent", "nll" -> NLL;
                case "binaryxent", "xent" -> BINARY_XENT;
                case "mse" -> MSE;
                case "l2" -> L2;
                case "mae" -> MAE;
                case "l1" -> L1;
                default -> throw new IllegalArgumentException("node " + context.node().id() + ": the loss function '"
                        + text + "' is not supported for backward credit (supported: negative log-likelihood, MCXENT, "
                        + "binary cross-entropy, MSE, L2, MAE, L1)");
            };
        }
    }

    /** The targets as rows shaped like {@code p} ([N] class indices become one-hot rows). */
    private static float[] targets(OperatorContext context, FloatTensor p) {
        FloatTensor labels = Parameters.optional(context, "labels", "targets").orElseThrow(
                () -> new IllegalArgumentException("node " + context.node().id() + " (loss) needs the probe labels"));
        int n = p.dim(0);
        int k = p.size() / Math.max(1, n);
        if (labels.size() == p.size()) {
            return labels.data();
        }
        if (labels.size() == n) {
            float[] y = new float[p.size()];
            for (int s = 0; s < n; s++) {
                int c = (int) labels.data()[s];
                if (c < 0 || c >= k) {
                    throw new IllegalArgumentException("node " + context.node().id() + ": label " + c + " of sample " + s
                            + " is not one of " + k + " classes");
                }
                y[s * k + c] = 1f;
            }
            return y;
        }
        throw new IllegalArgumentException("node " + context.node().id() + ": labels " + labels + " do not fit output " + p);
    }

    private static double clip(double p) {
        return Math.min(Math.max(p, CLIP), 1 - CLIP);
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor p = Inputs.single(context, inputs);
        Function f = Function.of(context);
        float[] y = targets(context, p);
        float[] pd = p.data();
        int n = p.dim(0);
        int k = pd.length / Math.max(1, n);
        float[] out = new float[n];
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int j = s * k; j < (s + 1) * k; j++) {
                double d = pd[j] - y[j];
                sum += switch (f) {
                    case NLL -> y[j] == 0 ? 0 : -y[j] * Math.log(Double.isNaN(pd[j]) ? pd[j] : clip(pd[j]));
                    case BINARY_XENT -> -(y[j] * Math.log(clip(pd[j])) + (1 - y[j]) * Math.log(1 - clip(pd[j])));
                    case MSE, L2 -> d * d;
                    case MAE, L1 -> Math.abs(d);
                };
            }
            out[s] = (float) (f == Function.MSE || f == Function.MAE ? sum / k : sum);
        }
        return new FloatTensor(new int[] { n, 1 }, out);
    }

    /** dL_s/dp_j for every sample s and output j. */
    private static float[] derivative(OperatorContext context, FloatTensor p) {
        Function f = Function.of(context);
        float[] y = targets(context, p);
        float[] pd = p.data();
        int k = pd.length / Math.max(1, p.dim(0));
        float[] d = new float[pd.length];
        for (int j = 0; j < d.length; j++) {
            double c = Double.isNaN(pd[j]) ? pd[j] : clip(pd[j]);
            d[j] = (float) switch (f) {
                case NLL -> y[j] == 0 ? 0 : -y[j] / c;
                case BINARY_XENT -> -y[j] / c + (1 - y[j]) / (1 - c);
                case MSE -> 2.0 * (pd[j] - y[j]) / k;
                case L2 -> 2.0 * (pd[j] - y[j]);
                case MAE -> Math.signum(pd[j] - y[j]) / k;
                case L1 -> Math.signum(pd[j] - y[j]);
            };
        }
        return d;
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        FloatTensor p = Inputs.single(context, inputs);
        float[] d = derivative(context, p);
        int n = p.dim(0);
        int k = d.length / Math.max(1, n);
        for (int s = 0; s < n; s++) {
            float g = outputGradient.data()[s];
            for (int j = s * k; j < (s + 1) * k; j++) {
                d[j] *= g;
            }
        }
        return List.of(new FloatTensor(p.shape(), d));
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        if (t == null) {
            return FloatTensor.zeros(output.shape());
        }
        FloatTensor p = Inputs.single(context, inputs);
        float[] d = derivative(context, p);
        int n = p.dim(0);
        int k = d.length / Math.max(1, n);
        float[] out = new float[n];
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int j = s * k; j < (s + 1) * k; j++) {
                sum += (double) d[j] * t.data()[j];
            }
            out[s] = (float) sum;
        }
        return new FloatTensor(output.shape(), out);
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        throw new UnsupportedOperationException("node " + context.node().id()
                + " is a loss: forward credit explains neurons, not the loss; choose a neuron of the output layer");
    }
}
