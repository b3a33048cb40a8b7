package org.trainscope.ui.internal.open;

import java.nio.file.Path;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.PlatformUI;
import org.trainscope.ui.internal.StatusLines;

/**
 * Tells the user plainly, in our own words and without a modal dialog, why a run did not open:
 * no adapter applies (information, with the list of what TrainScope reads) or the data is bad
 * (naming the file and the problem). The problem is listed once in the Runs view (until
 * dismissed) and shown in the status line; only an unexpected exception, a bug in an adapter,
 * goes to the Error Log with its stack trace.
 */
public final class RunOpenFeedback extends JobChangeAdapter {

    private RunOpenFeedback() {
    }

    /** Schedules {@code job} with feedback. */
    public static void schedule(RunOpenJob job) {
        job.addJobChangeListener(new RunOpenFeedback());
        job.schedule();
    }

    @Override
    public void done(IJobChangeEvent event) {
        RunOpenJob job = (RunOpenJob) event.getJob();
        IStatus result = job.outcome();
        Path location = job.location();
        if (result.isOK()) {
            OpenProblems.getDefault().resolved(location);
            return;
        }
        if (result.getSeverity() == IStatus.CANCEL) {
            return;
        }
        boolean error = result.getSeverity() == IStatus.ERROR;
        if (error && result.getException() instanceof RuntimeException) {
            ILog.of(RunOpenFeedback.class).log(result);
        }
        String name = location.getFileName() == null ? location.toString() : location.getFileName().toString();
        OpenProblem problem = error
                ? new OpenProblem(location, "Cannot open " + name + ": " + firstLine(result.getMessage(), location),
                        result.getMessage(), true)
                : new OpenProblem(location, "No adapter reads " + name, result.getMessage()
                        + "\n\nTrainScope could not find out what " + name + " is.", false);
        OpenProblems.getDefault().add(problem);
        showInStatusLine(problem);
    }

    /** The first line of the message that is not just "Cannot open LOCATION:". */
    private static String firstLine(String message, Path location) {
        for (String line : message.split("\n")) {
            String l = line.strip();
            if (!l.isEmpty() && !l.equals("Cannot open " + location + ":")) {
                return l.replace("Cannot open " + location + ": ", "");
            }
        }
        return message;
    }

    public static void showInStatusLine(OpenProblem problem) {
        if (!PlatformUI.isWorkbenchRunning()) {
            return;
        }
        Display display = PlatformUI.getWorkbench().getDisplay();
        display.asyncExec(() -> {
            if (PlatformUI.isWorkbenchRunning()) {
                StatusLines.showError(PlatformUI.getWorkbench().getActiveWorkbenchWindow(),
                        problem.summary() + " (details in the Runs view)");
            }
        });
    }
}
