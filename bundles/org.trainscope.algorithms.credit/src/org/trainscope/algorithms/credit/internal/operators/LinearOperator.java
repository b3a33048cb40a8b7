package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.LinearForm;
import org.trainscope.algorithms.credit.internal.LinearRelevance;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Base of the operators that are linear in their single input (dense, conv2d, average
 * pooling): forward, backward, tangent and every LRP rule follow from the {@link LinearForm}.
 */
abstract class LinearOperator implements IOperator, IForwardDerivative {

    /** The layer as a linear form for input {@code x}. */
    abstract LinearForm form(OperatorContext context, FloatTensor x);

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = Inputs.single(context, inputs);
        return form(context, x).forward(x);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        FloatTensor x = Inputs.single(context, inputs);
        LinearForm f = form(context, x);
        return List.of(f.applyTransposed(outputGradient, f.weights()));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        FloatTensor x = Inputs.single(context, inputs);
        return List.of(LinearRelevance.propagate(form(context, x), x, output, outputRelevance, rule));
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        FloatTensor x = Inputs.single(context, inputs);
        FloatTensor t = inputTangents.get(0);
        LinearForm f = form(context, x);
        return t == null ? FloatTensor.zeros(output.shape()) : f.apply(t, f.weights());
    }
}
