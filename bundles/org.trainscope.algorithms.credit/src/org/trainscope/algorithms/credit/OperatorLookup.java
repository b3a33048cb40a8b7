package org.trainscope.algorithms.credit;

import java.util.Optional;

import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorDescriptor;
import org.trainscope.core.operators.OperatorManager;

/** Finds the operator implementation for a node's operator type. */
@FunctionalInterface
public interface OperatorLookup {

    Optional<IOperator> find(String operatorType);

    /**
     * The operators contributed to {@code org.trainscope.core.operators}, this bundle's built-in
     * ones included (its plugin.xml contributes them like any plug-in), so a contributed type is
     * found exactly as a built-in one is. A contribution that cannot be created is reported once
     * by {@link OperatorManager} and skipped. Where no extension registry runs (plain Java, no
     * OSGi) the registry holds no operator at all, not even this bundle's: then the built-in
     * table answers, so the engine still works there.
     */
    static OperatorLookup registry() {
        return type -> {
            OperatorManager manager = OperatorManager.getInstance();
            if (manager.operators().isEmpty()) {
                return BuiltInOperators.find(type);
            }
            return manager.operator(type).flatMap(OperatorDescriptor::operator);
        };
    }

    /** This bundle's operators only, without the extension registry (tests comparing against the built-in table). */
    static OperatorLookup builtIn() {
        return BuiltInOperators::find;
    }
}
