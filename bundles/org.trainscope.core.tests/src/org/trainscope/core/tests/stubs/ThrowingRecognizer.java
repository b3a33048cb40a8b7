package org.trainscope.core.tests.stubs;

import org.trainscope.core.model.NetworkGraph;

/** A recognizer that throws, as a buggy plug-in's would. */
public class ThrowingRecognizer extends StubRecognizer {
    @Override
    public int recognize(NetworkGraph graph) {
        throw new ArrayIndexOutOfBoundsException("recognize fails on purpose");
    }
}
