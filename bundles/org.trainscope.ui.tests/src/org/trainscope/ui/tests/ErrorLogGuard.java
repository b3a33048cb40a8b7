package org.trainscope.ui.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;

/**
 * Notes every entry written to the platform log (what the Error Log view shows) while it is
 * registered: a view that fails must say so inline, once, not in the Error Log.
 */
final class ErrorLogGuard implements ILogListener {
    private final List<String> entries = new ArrayList<>();

    void start() {
        Platform.addLogListener(this);
    }

    void stop() {
        Platform.removeLogListener(this);
    }

    @Override
    public void logging(IStatus status, String plugin) {
        synchronized (entries) {
            entries.add(describe(status));
        }
    }

    private static String describe(IStatus status) {
        String severity = switch (status.getSeverity()) {
            case IStatus.ERROR -> "ERROR";
            case IStatus.WARNING -> "WARNING";
            case IStatus.INFO -> "INFO";
            default -> "status " + status.getSeverity();
        };
        Throwable e = status.getException();
        return severity + " " + status.getPlugin() + ": " + status.getMessage() + (e == null ? "" : " (" + e + ")");
    }

    /** The entries logged since the last call, and forgets them. */
    List<String> takeEntries() {
        synchronized (entries) {
            List<String> copy = new ArrayList<>(entries);
            entries.clear();
            return copy;
        }
    }
}
