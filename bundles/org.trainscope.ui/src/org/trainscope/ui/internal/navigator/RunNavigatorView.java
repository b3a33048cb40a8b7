package org.trainscope.ui.internal.navigator;

import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;

/**
 * The runs open in this session, each with its network, tensors and metrics. Its selection is
 * the workbench's run selection that other views follow.
 */
public class RunNavigatorView extends ViewPart {
    private TreeViewer viewer;
    private final RunManager.Listener listener = this::runChanged;

    @Override
    public void createPartControl(Composite parent) {
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
        viewer.setContentProvider(new RunTreeContentProvider());
        viewer.setLabelProvider(new RunTreeLabelProvider());
        viewer.setAutoExpandLevel(2);
        viewer.setInput(RunManager.getInstance());
        getSite().setSelectionProvider(viewer);
        MenuManager menu = new MenuManager();
        Menu contextMenu = menu.createContextMenu(viewer.getControl());
        viewer.getControl().setMenu(contextMenu);
        getSite().registerContextMenu(menu, viewer);
        RunManager.getInstance().addListener(listener);
    }

    /** Run manager events arrive on any thread; the tree is touched only on the UI thread. */
    private void runChanged(Run run, RunManager.Change change) {
        Display display = viewer.getControl().getDisplay();
        display.asyncExec(() -> {
            if (viewer.getControl().isDisposed()) {
                return;
            }
            viewer.refresh();
            if (change == RunManager.Change.OPENED) {
                viewer.expandToLevel(run, 1);
                viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(run), true);
            }
        });
    }

    public TreeViewer viewer() {
        return viewer;
    }

    @Override
    public void setFocus() {
        viewer.getControl().setFocus();
    }

    @Override
    public void dispose() {
        RunManager.getInstance().removeListener(listener);
        super.dispose();
    }
}
