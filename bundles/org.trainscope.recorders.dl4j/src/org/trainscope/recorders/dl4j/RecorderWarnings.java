package org.trainscope.recorders.dl4j;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports each problem the recorder survives once: to java.util.logging (logger
 * {@code org.trainscope.recorders.dl4j}) and to an optional callback. Repeats of the same key are
 * dropped so that a failure in every iteration does not flood the log or slow the training.
 */
final class RecorderWarnings {
    static final Logger LOG = Logger.getLogger("org.trainscope.recorders.dl4j");

    private final Set<String> seen = new HashSet<>();
    private volatile Consumer<String> callback;

    void setCallback(Consumer<String> callback) {
        this.callback = callback;
    }

    /** Reports {@code message} unless a warning with {@code key} was already reported. */
    synchronized void once(String key, String message) {
        if (!seen.add(key)) {
            return;
        }
        LOG.log(Level.WARNING, message);
        Consumer<String> c = callback;
        if (c != null) {
            try {
                c.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the recorder's warning callback failed", e);
            }
        }
    }
}
