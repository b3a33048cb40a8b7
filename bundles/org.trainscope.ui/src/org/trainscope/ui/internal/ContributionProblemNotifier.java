package org.trainscope.ui.internal;

import java.util.function.Consumer;

import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IViewPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.PlatformUI;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;
import org.trainscope.ui.TrainScopeUi;

/**
 * Shows the user, once per broken plug-in contribution, that something was left out: a message
 * in the status line and the Error Log brought up (without taking focus), where the full stack
 * trace is. No modal dialog: a broken plug-in must not stand between the user and the data.
 */
public final class ContributionProblemNotifier implements Consumer<ContributionProblem> {
    private static ContributionProblemNotifier installed;

    private ContributionProblemNotifier() {
    }

    /** Listens from now on, and shows the problems that happened before the workbench was up. */
    public static synchronized void install() {
        if (installed != null) {
            return;
        }
        installed = new ContributionProblemNotifier();
        ContributionProblems.getDefault().addListener(installed);
        ContributionProblems.getDefault().all().stream().findFirst().ifPresent(installed);
    }

    @Override
    public void accept(ContributionProblem problem) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.asyncExec(() -> show(problem));
    }

    private static void show(ContributionProblem problem) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        IWorkbenchWindow window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        if (window == null || window.getActivePage() == null) {
            return;
        }
        IWorkbenchPage page = window.getActivePage();
        StatusLines.showError(window, "A plug-in failed: " + problem.describe() + " (details in the Error Log)");
        try {
            IViewPart log = page.showView(TrainScopeUi.ERROR_LOG_VIEW_ID, null, IWorkbenchPage.VIEW_VISIBLE);
            if (log == null) {
                return;
            }
        } catch (PartInitException e) {
            // The Error Log is optional in custom products; the status line and the log file remain.
        }
    }
}
