package org.trainscope.core.tests.stubs;

/** A contribution whose constructor throws, as a buggy plug-in's would. */
public class ConstructorThrowingRecognizer extends StubRecognizer {
    public ConstructorThrowingRecognizer() {
        throw new IllegalStateException("constructor of ConstructorThrowingRecognizer fails on purpose");
    }
}
