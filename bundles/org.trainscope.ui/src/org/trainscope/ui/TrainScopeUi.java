package org.trainscope.ui;

/** Ids of the workbench parts that other bundles (view families, tests) refer to. */
public final class TrainScopeUi {
    public static final String PLUGIN_ID = "org.trainscope.ui";
    public static final String PERSPECTIVE_ID = "org.trainscope.ui.perspective.main";
    public static final String RUN_NAVIGATOR_VIEW_ID = "org.trainscope.ui.views.runNavigator";
    public static final String RUN_SUMMARY_VIEW_ID = "org.trainscope.ui.views.runSummary";
    public static final String ERROR_LOG_VIEW_ID = "org.eclipse.pde.runtime.LogView";
    public static final String OPEN_RUN_COMMAND_ID = "org.trainscope.ui.commands.openRun";

    private TrainScopeUi() {
    }
}
