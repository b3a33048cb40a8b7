package org.trainscope.trace;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A trace file breaks the format specification ({@code docs/trace-format.md}). The message always
 * starts with the file and then says what is wrong, so it can be shown to a user as it is.
 * It is an {@link IOException} because callers already handle I/O failures at the same places.
 */
public class TraceFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public TraceFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    public TraceFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file (or directory) that is wrong. */
    public Path file() {
        return file;
    }
}
