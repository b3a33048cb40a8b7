package org.trainscope.ui.tests;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Handles a modal dialog from inside its own event loop: a modal dialog blocks whoever opened
 * it, so the test polls with timer runnables, which run in the dialog's nested loop.
 */
final class DialogWatcher {
    private final AtomicReference<String> handled = new AtomicReference<>();

    private DialogWatcher() {
    }

    /** Watches for a shell titled {@code title} for up to {@code timeoutMillis}; then calls {@code onOpen} and closes it. */
    static DialogWatcher watch(Display display, String title, long timeoutMillis, Consumer<Shell> onOpen) {
        DialogWatcher watcher = new DialogWatcher();
        long end = System.currentTimeMillis() + timeoutMillis;
        display.timerExec(100, new Runnable() {
            @Override
            public void run() {
                Shell dialog = WorkbenchTest.dialog(display, title);
                if (dialog == null) {
                    if (System.currentTimeMillis() < end) {
                        display.timerExec(100, this);
                    } else {
                        watcher.handled.set("timeout");
                    }
                    return;
                }
                try {
                    onOpen.accept(dialog);
                    watcher.handled.set(WorkbenchTest.allText(dialog));
                } catch (RuntimeException e) {
                    watcher.handled.set("failed: " + e);
                } finally {
                    dialog.close();
                }
            }
        });
        return watcher;
    }

    boolean done() {
        return handled.get() != null;
    }

    /** The dialog's text, "timeout" when it never appeared. */
    String text() {
        return handled.get();
    }
}
