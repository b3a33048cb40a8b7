package org.trainscope.adapters.internal.io;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.adapters.MalformedDataException;

/**
 * The last line of defence of every {@code open}: whatever a parser overlooked (an unchecked
 * exception from a model builder, a stack overflow from pathological nesting) becomes an
 * IOException naming the file, so that one bad file never takes a caller down. Cancelling is not
 * a failure and passes through. Running out of memory becomes an IOException too: the budgets of
 * the adapters should make it unreachable, and if it happens anyway the arrays being built are
 * garbage once the error has unwound, so the caller can report the file plainly and carry on.
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
        } catch (IOException | OperationCanceledException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new MalformedDataException(file, -1, "ran out of memory while reading it (the Java heap holds at most "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): " + e.getMessage(), e);
        } catch (RuntimeException | StackOverflowError e) {
            throw new MalformedDataException(file, -1, "unreadable: " + e, e);
        }
    }
}
