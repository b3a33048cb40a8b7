package org.trainscope.core.operators;

import java.util.Optional;

import org.trainscope.core.registry.LazyContribution;

/** One contribution to {@code org.trainscope.core.operators}. */
public final class OperatorDescriptor {
    private final String type;
    private final String name;
    private final LazyContribution<IOperator> operator;

    OperatorDescriptor(String type, String name, LazyContribution<IOperator> operator) {
        this.type = type;
        this.name = name;
        this.operator = operator;
    }

    /** The operator type it implements, matched against {@code Node.operatorType()}. */
    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    /** The implementation, empty when its class is broken (reported). */
    public Optional<IOperator> operator() {
        return operator.get();
    }

    /** The lazily created contribution, for calls that must survive a throwing implementation. */
    public LazyContribution<IOperator> contribution() {
        return operator;
    }
}
