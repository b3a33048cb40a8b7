package org.trainscope.recorders.dl4j.demo;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file is unusable; the message starts with the file and says what is wrong. */
public class IdxFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public IdxFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }
}
