package org.trainscope.algorithms.credit.internal.operators;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/** Checks on the inputs an operator receives, with messages that name the node. */
final class Inputs {
    private Inputs() {
    }

    static FloatTensor single(OperatorContext context, List<FloatTensor> inputs) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("node " + context.node().id() + " (" + context.node().operatorType()
                    + ") takes one input, got " + inputs.size());
        }
        return inputs.get(0);
    }

    static FloatTensor rank4(OperatorContext context, List<FloatTensor> inputs) {
        FloatTensor x = single(context, inputs);
        if (x.rank() != 4) {
            throw new IllegalArgumentException("node " + context.node().id() + " (" + context.node().operatorType()
                    + ") expects NCHW input, got " + x);
        }
        return x;
    }
}
