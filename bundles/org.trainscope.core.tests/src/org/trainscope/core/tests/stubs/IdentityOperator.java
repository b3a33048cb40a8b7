package org.trainscope.core.tests.stubs;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/** y = x: gradients and relevance pass straight through. */
public class IdentityOperator implements IOperator {
    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        return inputs.get(0);
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
}
