package org.trainscope.algorithms.credit.internal.operators;

import org.trainscope.algorithms.credit.internal.AvgPoolForm;
import org.trainscope.algorithms.credit.internal.LinearForm;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * Average pooling over NCHW (attributes {@code kernel_size}, {@code stride}, {@code padding};
 * padding counts towards the divisor unless {@code count_include_pad} is false). Being linear, it
 * takes every LRP rule.
 */
public final class AvgPoolOperator extends LinearOperator {

    @Override
    LinearForm form(OperatorContext context, FloatTensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("node " + context.node().id() + " (avgpool) expects NCHW input, got " + x);
        }
        return new AvgPoolForm(PoolingWindow.of(context, x), PoolingWindow.countIncludePad(context));
    }
}
