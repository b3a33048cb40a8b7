package org.trainscope.adapters;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file an adapter reads is broken or not what it claims to be. The message starts with the file,
 * then the byte offset when one is known, then the problem, so it can be shown to a user as it is.
 */
public class MalformedDataException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public MalformedDataException(Path file, String problem) {
        this(file, -1, problem, null);
    }

    public MalformedDataException(Path file, long offset, String problem) {
        this(file, offset, problem, null);
    }

    public MalformedDataException(Path file, long offset, String problem, Throwable cause) {
        super(file + (offset >= 0 ? " at byte " + offset : "") + ": " + problem, cause);
        this.file = file;
        this.offset = offset;
    }

    /** The file (or folder) that is wrong. */
    public Path file() {
        return file;
    }

    /** The byte offset of the problem in {@link #file()}, or -1 when it is not about one place. */
    public long offset() {
        return offset;
    }
}
