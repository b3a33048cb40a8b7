package org.trainscope.core.tests.stubs;

/** A contribution whose constructor throws, as a buggy plug-in's would. */
public class ConstructorThrowingAdapter extends StubAdapter {
    public ConstructorThrowingAdapter() {
        throw new IllegalStateException("constructor of ConstructorThrowingAdapter fails on purpose");
    }
}
