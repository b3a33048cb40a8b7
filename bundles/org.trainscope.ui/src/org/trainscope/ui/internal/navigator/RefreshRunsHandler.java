package org.trainscope.ui.internal.navigator;

import org.eclipse.core.commands.AbstractHandler;
import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.trainscope.core.runs.RunManager;

/** Looks for new data in every open run now, in a job. */
public class RefreshRunsHandler extends AbstractHandler {
    @Override
    public Object execute(ExecutionEvent event) {
        Job.create("Refreshing runs", monitor -> {
            RunManager.getInstance().refreshAll();
            return Status.OK_STATUS;
        }).schedule();
        return null;
    }
}
