package org.trainscope.ui.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;

/**
 * Catches every dialog that appears while it is on: a visible shell other than the workbench
 * window and other than tooltips and pop-ups (SWT.TOOL shells). A modal dialog blocks whoever
 * opened it, so, like {@link DialogWatcher}, the guard polls with timer runnables, which also run
 * in the dialog's own event loop; it notes the dialog's title and text, and closes it so that
 * the test goes on and reports it.
 */
final class DialogGuard {
    private final Display display;
    private final Shell workbenchWindow;
    private final List<String> seen = new ArrayList<>();
    private boolean on;

    DialogGuard(Display display, Shell workbenchWindow) {
        this.display = display;
        this.workbenchWindow = workbenchWindow;
    }

    void start() {
        on = true;
        display.timerExec(200, this::check);
    }

    void stop() {
        on = false;
    }

    private void check() {
        if (!on || display.isDisposed()) {
            return;
        }
        for (Shell s : display.getShells()) {
            if (s != workbenchWindow && !s.isDisposed() && s.isVisible() && (s.getStyle() & SWT.TOOL) == 0) {
                seen.add("'" + s.getText() + "': " + WorkbenchTest.allText(s).strip().replace('\n', ' '));
                s.close();
            }
        }
        display.timerExec(200, this::check);
    }

    /** The dialogs seen since the last call, as "'title': text", and forgets them. */
    List<String> takeSeen() {
        List<String> copy = List.copyOf(seen);
        seen.clear();
        return copy;
    }
}
