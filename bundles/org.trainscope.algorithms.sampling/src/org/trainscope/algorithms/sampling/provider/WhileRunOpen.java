package org.trainscope.algorithms.sampling.provider;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;

/**
 * A monitor that also counts as cancelled once the run being read is closed. RunManager takes a
 * run off its list before it closes the run's files, so a computation that sees its run gone stops
 * as cancelled instead of failing on a closed reader (and the view's own cancel, which hears of
 * the closing only afterwards, is not needed in time). A run that RunManager does not hold (opened
 * by plain Java, e.g. the command line) is not watched.
 */
final class WhileRunOpen extends ProgressMonitorWrapper {
    private final Run run;

    private WhileRunOpen(IProgressMonitor monitor, Run run) {
        super(monitor);
        this.run = run;
    }

    /**
     * {@code monitor} itself when the run is unknown or not one RunManager holds (a tensor opened
     * by other means); a null monitor counts as never cancelled.
     */
    static IProgressMonitor of(IProgressMonitor monitor, Run run) {
        IProgressMonitor m = monitor == null ? new NullProgressMonitor() : monitor;
        return run == null || !RunManager.getInstance().runs().contains(run) ? m : new WhileRunOpen(m, run);
    }

    @Override
    public boolean isCanceled() {
        return super.isCanceled() || !RunManager.getInstance().runs().contains(run);
    }
}
