package org.trainscope.core.tests.stubs;

import java.nio.file.Path;

/** An adapter whose validate throws, as a buggy plug-in's would. */
public class ValidateThrowingAdapter extends StubAdapter {
    @Override
    public int validate(Path location) {
        throw new NullPointerException("validate fails on purpose");
    }
}
