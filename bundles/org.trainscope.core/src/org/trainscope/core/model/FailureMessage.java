package org.trainscope.core.model;

import java.util.Objects;

/**
 * The one wording of a failed computation, for views (inline, in their status line) and the command
 * line: {@code <what failed> on <run>/<tensor>: <cause class>: <message>}. The cause's class is
 * always named, because many JDK exceptions carry no message ({@code ClosedChannelException},
 * {@code NullPointerException} before helpful messages) or one that means nothing without it
 * ("integer overflow" is an {@code ArithmeticException}); "null" is never shown.
 */
public final class FailureMessage {
    private FailureMessage() {
    }

    /**
     * @param what what failed, e.g. "Training dynamics" or "Blue-noise sampling"
     * @param where the run, or run/tensor, it failed on; null or blank when there is none
     * @param failure what was thrown
     */
    public static String of(String what, String where, Throwable failure) {
        String on = where == null || where.isBlank() ? "" : " on " + where;
        return what + on + ": " + cause(failure);
    }

    /** {@code run/tensor} for {@link #of}: the run's name and the tensor's id. */
    public static String where(Run run, TensorSeries tensor) {
        String r = run == null ? null : run.name();
        String t = tensor == null ? null : tensor.id();
        return r == null ? t : t == null ? r : r + "/" + t;
    }

    /**
     * The cause of {@code failure}: the first exception of its chain that says something (wrappers
     * that only repeat their cause are skipped), as {@code SimpleName: message}, and when the
     * innermost cause is another exception, that one too, in parentheses.
     */
    public static String cause(Throwable failure) {
        Objects.requireNonNull(failure, "failure");
        Throwable first = failure;
        while (first.getCause() != null && first.getCause() != first && onlyWraps(first)) {
            first = first.getCause();
        }
        Throwable root = first;
        for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 32; depth++) {
            root = root.getCause();
        }
        String text = named(first);
        if (root != first) {
            String rootMessage = message(root);
            boolean said = rootMessage == null || text.contains(rootMessage);
            text += " (" + root.getClass().getSimpleName() + (said ? "" : ": " + rootMessage) + ")";
        }
        return text;
    }

    private static boolean onlyWraps(Throwable t) {
        String m = message(t);
        // the JDK's wrapping constructors (new RuntimeException(cause)) take the cause's toString
        return m == null || m.equals(t.getCause().toString()) || t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.lang.reflect.InvocationTargetException;
    }

    private static String named(Throwable t) {
        String m = message(t);
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() || m.equals("null") ? null : m;
    }
}
