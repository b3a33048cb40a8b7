package org.trainscope.core.tests.stubs;

import java.util.List;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/** An operator whose forward throws, as a buggy plug-in's would. */
public class ThrowingOperator extends IdentityOperator {
    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        throw new IllegalArgumentException("forward fails on purpose");
    }
}
