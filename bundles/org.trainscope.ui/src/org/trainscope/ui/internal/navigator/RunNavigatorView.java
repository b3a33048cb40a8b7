package org.trainscope.ui.internal.navigator;

import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.DoubleClickEvent;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TreeViewer;
import org.eclipse.jface.window.ToolTip;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.internal.StatusLines;
import org.trainscope.ui.internal.open.OpenProblem;
import org.trainscope.ui.internal.open.OpenProblems;
import org.trainscope.ui.internal.probe.ProbeInputsView;

/**
 * The runs open in this session, each with its network, tensors, metrics and probe inputs, and
 * the runs that could not be opened (until dismissed). Its selection is the workbench's run
 * selection that other views follow. Double-click opens probe inputs as pictures, dismisses a
 * problem, expands anything else; Delete dismisses a problem.
 */
public class RunNavigatorView extends ViewPart {
    private TreeViewer viewer;
    private final RunManager.Listener listener = this::runChanged;
    private final Runnable problemsListener = () -> refreshLater(null, null);

    @Override
    public void createPartControl(Composite parent) {
        viewer = new TreeViewer(parent, SWT.MULTI | SWT.H_SCROLL | SWT.V_SCROLL);
        viewer.setContentProvider(new RunTreeContentProvider());
        viewer.setLabelProvider(new RunTreeLabelProvider());
        ColumnViewerToolTipSupport.enableFor(viewer, ToolTip.NO_RECREATE);
        viewer.setAutoExpandLevel(2);
        viewer.setInput(RunManager.getInstance());
        viewer.addDoubleClickListener(this::doubleClicked);
        viewer.getControl().addListener(SWT.KeyDown, e -> {
            if (e.keyCode == SWT.DEL) {
                dismissSelectedProblems();
            }
        });
        getSite().setSelectionProvider(viewer);
        MenuManager menu = new MenuManager();
        Menu contextMenu = menu.createContextMenu(viewer.getControl());
        viewer.getControl().setMenu(contextMenu);
        getSite().registerContextMenu(menu, viewer);
        RunManager.getInstance().addListener(listener);
        OpenProblems.getDefault().addListener(problemsListener);
    }

    /** Run manager events arrive on any thread; the tree is touched only on the UI thread. */
    private void runChanged(Run run, RunManager.Change change) {
        refreshLater(run, change);
    }

    private void refreshLater(Run run, RunManager.Change change) {
        Display display = viewer.getControl().getDisplay();
        display.asyncExec(() -> {
            if (viewer.getControl().isDisposed()) {
                return;
            }
            viewer.refresh();
            if (change == RunManager.Change.OPENED) {
                viewer.expandToLevel(run, 1);
                viewer.setSelection(new StructuredSelection(run), true);
            }
        });
    }

    private void doubleClicked(DoubleClickEvent event) {
        Object element = ((IStructuredSelection) event.getSelection()).getFirstElement();
        if (element instanceof RunTreeNodes.ProbeInputs probe) {
            openProbeInputs(probe.run());
        } else if (element instanceof OpenProblem problem) {
            OpenProblems.getDefault().dismiss(problem);
        } else if (element != null && viewer.isExpandable(element)) {
            viewer.setExpandedState(element, !viewer.getExpandedState(element));
        }
    }

    /** Shows the probe inputs of {@code run} as pictures in the Probe Inputs view. */
    public void openProbeInputs(Run run) {
        try {
            ProbeInputsView view = (ProbeInputsView) getSite().getPage().showView(ProbeInputsView.ID);
            view.show(run);
        } catch (PartInitException e) {
            StatusLines.showError(getSite().getWorkbenchWindow(), "Cannot open the Probe Inputs view: "
                    + e.getMessage());
        }
    }

    private void dismissSelectedProblems() {
        for (Object o : viewer.getStructuredSelection().toList()) {
            if (o instanceof OpenProblem p) {
                OpenProblems.getDefault().dismiss(p);
            }
        }
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
        OpenProblems.getDefault().removeListener(problemsListener);
        super.dispose();
    }
}
