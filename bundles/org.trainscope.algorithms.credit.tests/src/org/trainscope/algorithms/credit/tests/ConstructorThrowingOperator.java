package org.trainscope.algorithms.credit.tests;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/** A contributed operator that cannot be created: its constructor throws. */
public final class ConstructorThrowingOperator implements IOperator {

    public ConstructorThrowingOperator() {
        throw new IllegalStateException("this operator's plug-in is broken on purpose");
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        throw new AssertionError("never created");
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        throw new AssertionError("never created");
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        throw new AssertionError("never created");
    }
}
