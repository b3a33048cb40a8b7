package org.trainscope.algorithms.credit.internal.operators;

import java.util.ArrayList;
import java.util.List;

import org.trainscope.algorithms.credit.BuiltInOperators;
import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * The mean of a VAE's reconstruction distribution p(x|z) computed from the decoder's
 * distribution parameters: what the DL4J recorder records for its "xhat" random variable (DL4J's
 * {@code generateAtMean}). Types as the recorder names the distribution:
 * <ul>
 * <li>"gaussian": the input holds [means | log variances] per sample (DL4J's layout, 2 D values
 * for D pixels); the mean is f(first half);</li>
 * <li>"bernoulli": the input holds D values; the mean is f(input).</li>
 * </ul>
 * f is the element-wise operator named by the attribute {@code activation} (DL4J's defaults:
 * "identity" for Gaussian, "sigmoid" for Bernoulli). Gradient, tangent and relevance go to the
 * mean half only: the log variances do not change the mean (relevance passes through f, as for
 * any element-wise operator).
 */
public final class ReconstructionMeanOperator implements IOperator, IForwardDerivative {

    private static boolean gaussian(OperatorContext context) {
        return context.node().operatorType().equals("gaussian");
    }

    private static IOperator activation(OperatorContext context) {
        String name = NodeAttributes.text(context.node(), gaussian(context) ? "identity" : "sigmoid", "activation");
        IOperator op = BuiltInOperators.find(name).orElse(null);
        if (!(op instanceof ElementwiseOperator) && !(op instanceof IdentityOperator)) {
            throw new IllegalArgumentException("node " + context.node().id() + ": the reconstruction activation '" + name
                    + "' is not an element-wise operator credit knows");
        }
        return op;
    }

    /** Values per sample of the input that belong to the mean. */
    private static int meanWidth(OperatorContext context, FloatTensor x) {
        int per = x.size() / Math.max(1, x.dim(0));
        if (!gaussian(context)) {
            return per;
        }
        if (per % 2 != 0) {
            throw new IllegalArgumentException("node " + context.node().id() + " (gaussian) expects [means | log variances], "
                    + "an even number of values per sample, got " + x);
        }
        return per / 2;
    }

    private static FloatTensor meanPart(FloatTensor x, int width) {
        int n = x.dim(0);
        int per = x.size() / Math.max(1, n);
        float[] out = new float[n * width];
        for (int s = 0; s < n; s++) {
            System.arraycopy(x.data(), s * per, out, s * width, width);
        }
        return new FloatTensor(new int[] { n, width }, out);
    }

    private static FloatTensor spread(FloatTensor meanValues, FloatTensor like) {
        int n = like.dim(0);
        int per = like.size() / Math.max(1, n);
        int width = meanValues.size() / Math.max(1, n);
        float[] out = new float[like.size()];
        for (int s = 0; s < n; s++) {
            System.arraycopy(meanValues.data(), s * width, out, s * per, width);
        }
        return new FloatTensor(like.shape(), out);
    }

    private static List<FloatTensor> one(FloatTensor t) {
        List<FloatTensor> l = new ArrayList<>();
        l.add(t);
        return l;
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = Inputs.single(context, inputs);
        return activation(context).forward(context, List.of(meanPart(x, meanWidth(context, x))));
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        FloatTensor x = Inputs.single(context, inputs);
        FloatTensor m = meanPart(x, meanWidth(context, x));
        FloatTensor g = activation(context).backward(context, List.of(m), output, outputGradient.reshape(m.shape())).get(0);
        return List.of(spread(g, x));
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        if (t == null) {
            return FloatTensor.zeros(output.shape());
        }
        FloatTensor x = Inputs.single(context, inputs);
        int width = meanWidth(context, x);
        FloatTensor m = meanPart(x, width);
        return ((IForwardDerivative) activation(context)).tangent(context, List.of(m), output, one(meanPart(t, width)))
                .reshape(output.shape());
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        FloatTensor x = Inputs.single(context, inputs);
        return List.of(spread(outputRelevance, x));
    }
}
