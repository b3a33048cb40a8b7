package org.trainscope.core.operators;

import java.util.List;

/**
 * How one operator type runs forward, backward and in relevance propagation. Contributed to
 * {@code org.trainscope.core.operators}; a new model type brings its operators here and credit
 * assignment works for it without changes to TrainScope. Implementations are stateless and
 * thread-safe; the first dimension of every tensor is the batch.
 */
public interface IOperator {

    /** The output for {@code inputs}. */
    FloatTensor forward(OperatorContext context, List<FloatTensor> inputs);

    /**
     * The gradient with respect to each input, given the gradient with respect to the output.
     * Gradients of parameters are not needed by credit assignment and are not returned.
     */
    List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient);

    /**
     * Redistributes {@code outputRelevance} onto the inputs by {@code rule}. Operators that do
     * not mix neurons (activations, dropout, reshapes) pass relevance through unchanged.
     *
     * @throws UnsupportedOperationException when the operator does not know {@code rule}
     */
    List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule);
}
