package org.trainscope.core.tests.stubs;

/** A contribution whose constructor throws, as a buggy plug-in's would. */
public class ConstructorThrowingSampler extends EveryNthSampler {
    public ConstructorThrowingSampler() {
        throw new IllegalStateException("constructor of ConstructorThrowingSampler fails on purpose");
    }
}
