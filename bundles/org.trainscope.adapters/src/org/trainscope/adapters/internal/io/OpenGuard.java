package org.trainscope.adapters.internal.io;

import java.io.IOException;
import java.nio.file.Path;

import org.trainscope.adapters.MalformedDataException;

/**
 * The last line of defence of every {@code open}: whatever a parser overlooked (an unchecked
 * exception from a model builder, a stack overflow from pathological nesting) becomes an
 * IOException naming the file, so that one bad file never takes a caller down.
 */
public final class OpenGuard {
    /** Work that may throw IOException. */
    public interface Body<T> {
        T run() throws IOException;
    }

    private OpenGuard() {
    }

    public static <T> T guard(Path file, Body<T> body) throws IOException {
        try {
            return body.run();
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw new MalformedDataException(file, -1, "unreadable: " + e, e);
        }
    }
}
