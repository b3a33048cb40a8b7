package org.trainscope.ui.internal;

import org.eclipse.ui.application.IWorkbenchConfigurer;
import org.eclipse.ui.application.IWorkbenchWindowConfigurer;
import org.eclipse.ui.application.WorkbenchAdvisor;
import org.eclipse.ui.application.WorkbenchWindowAdvisor;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.open.CommandLineRuns;
import org.trainscope.ui.internal.open.OpenRunsMemento;
import org.trainscope.ui.internal.preferences.LiveRefreshJob;

/**
 * Opens the TrainScope perspective, brings back the runs of the last session and opens those named
 * on the command line, starts live refresh.
 */
public class TrainScopeWorkbenchAdvisor extends WorkbenchAdvisor {
    private final LiveRefreshJob liveRefresh = new LiveRefreshJob();
    private final String[] commandLine;

    /** @param commandLine the application's arguments; those naming runs are opened at start */
    public TrainScopeWorkbenchAdvisor(String[] commandLine) {
        this.commandLine = commandLine.clone();
    }

    @Override
    public void initialize(IWorkbenchConfigurer configurer) {
        configurer.setSaveAndRestore(true);
    }

    @Override
    public WorkbenchWindowAdvisor createWorkbenchWindowAdvisor(IWorkbenchWindowConfigurer configurer) {
        return new TrainScopeWindowAdvisor(configurer);
    }

    @Override
    public String getInitialWindowPerspectiveId() {
        return TrainScopeUi.PERSPECTIVE_ID;
    }

    @Override
    public void postStartup() {
        ContributionProblemNotifier.install();
        OpenRunsMemento.reopenLastSession(CommandLineRuns.open(commandLine));
        liveRefresh.start();
    }

    @Override
    public boolean preShutdown() {
        liveRefresh.stop();
        OpenRunsMemento.rememberOpenRuns();
        RunManager.getInstance().closeAll();
        return true;
    }
}
