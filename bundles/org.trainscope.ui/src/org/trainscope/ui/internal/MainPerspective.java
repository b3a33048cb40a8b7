package org.trainscope.ui.internal;

import org.eclipse.ui.IFolderLayout;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IPerspectiveFactory;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.probe.ProbeInputsView;

/**
 * Runs on the left, the selected run's summary in the middle, the Error Log (and the Progress view, when opened) below. View families
 * (dynamics, credit, graph) add themselves to the middle folder through perspective extensions.
 */
public class MainPerspective implements IPerspectiveFactory {
    public static final String MAIN_FOLDER = "org.trainscope.ui.folders.main";
    public static final String BOTTOM_FOLDER = "org.trainscope.ui.folders.bottom";

    @Override
    public void createInitialLayout(IPageLayout layout) {
        layout.setEditorAreaVisible(false);
        String editor = layout.getEditorArea();
        layout.addView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, IPageLayout.LEFT, 0.22f, editor);
        // The editor area is hidden, so a folder placed against it takes all of its space.
        IFolderLayout main = layout.createFolder(MAIN_FOLDER, IPageLayout.TOP, 0.95f, editor);
        main.addView(TrainScopeUi.RUN_SUMMARY_VIEW_ID);
        main.addPlaceholder(ProbeInputsView.ID); // opens beside the summary on a double-click in Runs
        IFolderLayout bottom = layout.createFolder(BOTTOM_FOLDER, IPageLayout.BOTTOM, 0.72f, MAIN_FOLDER);
        // The Error Log is where broken plug-ins and unreadable files are explained in full.
        bottom.addView(TrainScopeUi.ERROR_LOG_VIEW_ID);
        // Progress shows in the status line; its button opens the Progress view here (registered
        // in plugin.xml: only the IDE, which TrainScope does not ship, registers it otherwise).
        bottom.addPlaceholder(IPageLayout.ID_PROGRESS_VIEW);
        layout.addShowViewShortcut(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        layout.addShowViewShortcut(TrainScopeUi.RUN_SUMMARY_VIEW_ID);
        layout.addShowViewShortcut(ProbeInputsView.ID);
        layout.addShowViewShortcut(TrainScopeUi.ERROR_LOG_VIEW_ID);
        layout.addShowViewShortcut(IPageLayout.ID_PROGRESS_VIEW);
    }
}
