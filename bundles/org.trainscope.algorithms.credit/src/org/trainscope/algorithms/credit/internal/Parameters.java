package org.trainscope.algorithms.credit.internal;

import java.util.Optional;

import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;

/**
 * Looks up recorded parameters under the names the recorders use: DL4J's "W"/"b" and PyTorch's
 * "weight"/"bias" (and "running_mean" etc. for batch norm).
 */
public final class Parameters {
    private Parameters() {
    }

    public static Optional<FloatTensor> optional(OperatorContext context, String... names) {
        for (String name : names) {
            Optional<FloatTensor> t = context.parameter(name);
            if (t.isPresent()) {
                return t;
            }
        }
        return Optional.empty();
    }

    public static FloatTensor required(OperatorContext context, String... names) {
        return optional(context, names).orElseThrow(() -> new IllegalArgumentException("node "
                + context.node().id() + " (" + context.node().operatorType() + ") has no recorded parameter "
                + String.join(" or ", names) + "; it has " + context.parameters().keySet()));
    }
}
