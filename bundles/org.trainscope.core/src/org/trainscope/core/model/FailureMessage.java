package org.trainscope.core.model;

import java.util.Objects;

/**
 * The one wording of a failed computation, for views (inline, in their status line) and the command
 * line: {@code <what failed> on <run>/<tensor>: <cause class>: <message> (<context>)}. The cause's class is
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
     * The cause of {@code failure}: the innermost exception of its chain, as {@code SimpleName: message},
     * then in parentheses what the outermost exception that says something adds to it (wrappers that
     * only repeat their cause say nothing), e.g. {@code ClosedChannelException (reading neurons 0..2047
     * of fc1.act)}. The cause first: a status line cut at its end still names it.
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
        String text = named(root);
        String context = root == first ? null : message(first);
        String rootMessage = message(root);
        if (context != null && rootMessage != null && context.contains(rootMessage)) {
            // "reading neurons 0..2047 of fc1.act: <the cause's message>": keep what it adds
            context = context.substring(0, context.indexOf(rootMessage)).replaceAll("[\\s:;,.-]+$", "");
        }
        return context == null || context.isEmpty() ? text : text + " (" + context + ")";
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
