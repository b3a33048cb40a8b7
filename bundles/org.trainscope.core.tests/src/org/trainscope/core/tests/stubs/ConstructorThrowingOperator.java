package org.trainscope.core.tests.stubs;

/** A contribution whose constructor throws, as a buggy plug-in's would. */
public class ConstructorThrowingOperator extends IdentityOperator {
    public ConstructorThrowingOperator() {
        throw new IllegalStateException("constructor of ConstructorThrowingOperator fails on purpose");
    }
}
