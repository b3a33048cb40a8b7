package org.trainscope.ui.internal.navigator;

import java.util.List;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.TrainScopeUi;

/** The facts of the run selected in the navigator; a non-finite metric is shown in red. */
public class RunSummaryView extends ViewPart {
    private Composite stack;
    private StackLayout layout;
    private Label emptyHint;
    private TableViewer table;
    private Run shown;
    private final ISelectionListener selectionListener = this::selectionChanged;
    private final RunManager.Listener runListener = (run, change) -> Display.getDefault().asyncExec(() -> {
        if (table.getControl().isDisposed()) {
            return;
        }
        if (change == RunManager.Change.CLOSED && run == shown) {
            show(null);
        } else if (change == RunManager.Change.REFRESHED && run == shown) {
            show(run);
        }
    });

    @Override
    public void createPartControl(Composite parent) {
        stack = new Composite(parent, SWT.NONE);
        layout = new StackLayout();
        stack.setLayout(layout);
        emptyHint = new Label(stack, SWT.WRAP);
        emptyHint.setText("No run selected. Open one with File > Open Run… (Ctrl+O) or File > Open Run Folder…, "
                + "then select it in the Runs view.\nNew to TrainScope? File > Open Demo Runs trains and records "
                + "real runs on Fashion-MNIST (a few minutes the first time) and opens them.");
        table = new TableViewer(stack, SWT.FULL_SELECTION | SWT.H_SCROLL | SWT.V_SCROLL);
        table.getTable().setHeaderVisible(true);
        table.getTable().setLinesVisible(true);
        column("Property", 180, row -> row.property());
        column("Value", 700, row -> row.value());
        table.setContentProvider(ArrayContentProvider.getInstance());
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, selectionListener);
        RunManager.getInstance().addListener(runListener);
        List<Run> runs = SelectedRuns.of(getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        show(runs.isEmpty() ? null : runs.get(0));
    }

    private void column(String title, int width, java.util.function.Function<RunSummary.Row, String> text) {
        TableViewerColumn c = new TableViewerColumn(table, SWT.NONE);
        c.getColumn().setText(title);
        c.getColumn().setWidth(width);
        c.setLabelProvider(new ColumnLabelProvider() {
            @Override
            public String getText(Object element) {
                return text.apply((RunSummary.Row) element);
            }

            @Override
            public Color getForeground(Object element) {
                return ((RunSummary.Row) element).alarming() ? table.getControl().getDisplay()
                        .getSystemColor(SWT.COLOR_DARK_RED) : null;
            }
        });
    }

    private void selectionChanged(IWorkbenchPart part, ISelection selection) {
        List<Run> runs = SelectedRuns.of(selection);
        if (!runs.isEmpty()) {
            show(runs.get(0));
        }
    }

    private void show(Run run) {
        shown = run;
        if (run == null) {
            layout.topControl = emptyHint;
            setContentDescription("");
        } else {
            table.setInput(RunSummary.of(run));
            layout.topControl = table.getControl();
            setContentDescription(run.name());
        }
        stack.layout();
    }

    /** The run on display, or null. */
    public Run shownRun() {
        return shown;
    }

    @Override
    public void setFocus() {
        stack.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, selectionListener);
        RunManager.getInstance().removeListener(runListener);
        super.dispose();
    }
}
