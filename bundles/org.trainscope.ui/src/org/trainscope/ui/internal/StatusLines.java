package org.trainscope.ui.internal;

import org.eclipse.jface.action.IStatusLineManager;
import org.eclipse.ui.IViewSite;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchWindow;

/** Writes to the status line of a window, whichever part is active. */
public final class StatusLines {
    private StatusLines() {
    }

    public static void showError(IWorkbenchWindow window, String message) {
        IStatusLineManager manager = manager(window);
        if (manager != null) {
            manager.setErrorMessage(message);
        }
    }

    public static void showMessage(IWorkbenchWindow window, String message) {
        IStatusLineManager manager = manager(window);
        if (manager != null) {
            manager.setErrorMessage(null);
            manager.setMessage(message);
        }
    }

    private static IStatusLineManager manager(IWorkbenchWindow window) {
        if (window == null || window.getActivePage() == null) {
            return null;
        }
        IWorkbenchPart part = window.getActivePage().getActivePart();
        if (part != null && part.getSite() instanceof IViewSite site) {
            return site.getActionBars().getStatusLineManager();
        }
        return null;
    }
}
