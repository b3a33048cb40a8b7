package org.trainscope.algorithms.credit;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * Optional companion of {@link org.trainscope.core.operators.IOperator}: the forward-mode
 * derivative (Jacobian-vector product) of an operator. Backward credit uses it to carry
 * da_j/da_i from a chosen neuron i to every later neuron j in one forward sweep. Operators that
 * do not implement it are differentiated by central finite differences of their forward pass
 * (approximate; see docs/algorithms/credit-assignment.md).
 */
public interface IForwardDerivative {

    /**
     * The change of the output for changes {@code inputTangents} of the inputs.
     *
     * @param inputTangents one per input, same shapes as the inputs; null stands for zero
     */
    FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents);
}
