package org.trainscope.ui.internal.open;

import java.nio.file.Path;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.progress.IProgressConstants;

/**
 * Tells the user plainly, in a dialog of our own words, why a run did not open: no adapter
 * applies (information, with the list of what TrainScope reads) or the data is bad (error,
 * naming the file and the problem, also written to the Error Log).
 */
public final class RunOpenFeedback extends JobChangeAdapter {
    public static final String NO_ADAPTER_TITLE = "No Adapter for This Run";
    public static final String FAILURE_TITLE = "Cannot Open Run";

    private RunOpenFeedback() {
    }

    /** Schedules {@code job} with feedback; the workbench's generic error prompt is turned off. */
    public static void schedule(RunOpenJob job) {
        job.setProperty(IProgressConstants.NO_IMMEDIATE_ERROR_PROMPT_PROPERTY, Boolean.TRUE);
        job.addJobChangeListener(new RunOpenFeedback());
        job.schedule();
    }

    @Override
    public void done(IJobChangeEvent event) {
        IStatus result = event.getResult();
        if (result.isOK() || result.getSeverity() == IStatus.CANCEL || !PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Path location = ((RunOpenJob) event.getJob()).location();
        if (result.getSeverity() == IStatus.ERROR) {
            ILog.of(RunOpenFeedback.class).log(result);
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.asyncExec(() -> {
            Shell shell = display.getActiveShell();
            if (result.getSeverity() == IStatus.ERROR) {
                MessageDialog.openError(shell, FAILURE_TITLE, result.getMessage());
            } else {
                MessageDialog.openInformation(shell, NO_ADAPTER_TITLE, result.getMessage()
                        + "\n\nTrainScope could not find out what " + location.getFileName() + " is.");
            }
        });
    }
}
