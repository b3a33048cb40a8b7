package org.trainscope.algorithms.credit;

import java.util.Optional;

import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorDescriptor;
import org.trainscope.core.operators.OperatorManager;

/** Finds the operator implementation for a node's operator type. */
@FunctionalInterface
public interface OperatorLookup {

    Optional<IOperator> find(String operatorType);

    /** This bundle's operators only, without the extension registry (tests, plain Java). */
    static OperatorLookup builtIn() {
        return BuiltInOperators::find;
    }

    /**
     * Contributions to {@code org.trainscope.core.operators} first (so a plug-in can add types),
     * then the built-in operators (so the engine also works where no registry runs).
     */
    static OperatorLookup registryThenBuiltIn() {
        return type -> OperatorManager.getInstance().operator(type).flatMap(OperatorDescriptor::operator)
                .or(() -> BuiltInOperators.find(type));
    }
}
