package org.trainscope.ui.internal.preferences;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.trainscope.core.runs.RunManager;

/**
 * Looks for new data in the open runs every few seconds (the preference), so a run that is
 * still training grows in the views. A system job: it shows no progress of its own.
 */
public final class LiveRefreshJob extends Job {
    private volatile boolean stopped;

    public LiveRefreshJob() {
        super("Refreshing live runs");
        setSystem(true);
    }

    public void start() {
        stopped = false;
        scheduleNext();
    }

    public void stop() {
        stopped = true;
        cancel();
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        if (!stopped && !monitor.isCanceled() && seconds() > 0) {
            RunManager.getInstance().refreshAll();
        }
        scheduleNext();
        return Status.OK_STATUS;
    }

    private void scheduleNext() {
        if (!stopped) {
            int s = seconds();
            // When turned off, look again for a changed preference once a minute.
            schedule(s > 0 ? s * 1000L : 60_000L);
        }
    }

    private static int seconds() {
        return Preferences.store().getInt(Preferences.LIVE_REFRESH_SECONDS);
    }
}
