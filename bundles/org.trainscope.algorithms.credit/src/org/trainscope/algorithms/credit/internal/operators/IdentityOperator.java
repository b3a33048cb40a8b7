package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Identity; also dropout, which is the identity at inference (PyTorch scales during training,
 * so recorded weights need no correction). Returns its input tensor itself: callers never
 * write into operator results.
 */
public final class IdentityOperator implements IOperator, IForwardDerivative {

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        return Inputs.single(context, inputs);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        return List.of(outputGradient);
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return List.of(outputRelevance);
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor t = inputTangents.get(0);
        return t == null ? FloatTensor.zeros(output.shape()) : t;
    }
}
