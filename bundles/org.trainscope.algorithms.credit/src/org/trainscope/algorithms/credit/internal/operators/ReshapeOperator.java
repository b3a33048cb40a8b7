package org.trainscope.algorithms.credit.internal.operators;

import java.util.Arrays;
import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.NodeAttributes;
import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Flatten and reshape: the values keep their row-major order, only the shape changes. The
 * attribute {@code shape} gives the per-sample shape (batch excluded, one -1 inferred); without
 * it, and for "flatten", the result is [N, values per sample].
 */
public final class ReshapeOperator implements IOperator, IForwardDerivative {

    static int[] outputShape(OperatorContext context, FloatTensor x) {
        int n = x.dim(0);
        int per = Tensors.perSample(x);
        int[] target = NodeAttributes.integers(context.node(), "shape");
        if (target == null || context.node().operatorType().equals("flatten")) {
            return new int[] { n, per };
        }
        int[] shape = new int[target.length + 1];
        shape[0] = n;
        int known = 1;
        int free = -1;
        for (int i = 0; i < target.length; i++) {
            shape[i + 1] = target[i];
            if (target[i] < 0) {
                free = i + 1;
            } else {
                known *= target[i];
            }
        }
        if (free >= 0) {
            shape[free] = known == 0 ? 0 : per / known;
        }
        if ((long) Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b) != x.size()) {
            throw new IllegalArgumentException("node " + context.node().id() + ": cannot reshape " + x + " to "
                    + Arrays.toString(shape));
        }
        return shape;
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = Inputs.single(context, inputs);
        return x.reshape(outputShape(context, x));
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        return List.of(outputGradient.reshape(Inputs.single(context, inputs).shape()));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return backward(context, inputs, output, outputRelevance);
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        return t == null ? FloatTensor.zeros(output.shape()) : t.reshape(output.shape());
    }
}
