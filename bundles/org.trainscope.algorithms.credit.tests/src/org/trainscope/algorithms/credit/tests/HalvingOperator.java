package org.trainscope.algorithms.credit.tests;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/** y = x / 2, contributed by this fragment's fragment.xml as a plug-in would contribute an operator. */
public final class HalvingOperator implements IOperator {

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        return scaled(inputs.get(0));
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        return List.of(scaled(outputGradient));
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        return List.of(outputRelevance); // one input per output: nothing to redistribute
    }

    private static FloatTensor scaled(FloatTensor x) {
        float[] out = new float[x.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.data()[i] / 2;
        }
        return new FloatTensor(x.shape(), out);
    }
}
