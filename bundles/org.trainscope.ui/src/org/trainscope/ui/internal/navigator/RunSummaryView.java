package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
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
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.TrainScopeUi;

/**
 * The facts of the run selected in the navigator; a non-finite metric is shown in red. When the
 * selection is a node of its network (or a tensor of a node), what there is to know about that
 * node comes first ({@link NodeSummary}).
 */
public class RunSummaryView extends ViewPart {
    private Composite stack;
    private StackLayout layout;
    private Label emptyHint;
    private TableViewer table;
    private Run shown;
    private Node shownNode;
    private final ISelectionListener selectionListener = this::selectionChanged;
    private final RunManager.Listener runListener = (run, change) -> Display.getDefault().asyncExec(() -> {
        if (table.getControl().isDisposed()) {
            return;
        }
        if (change == RunManager.Change.CLOSED && run == shown) {
            show(null, null);
        } else if (change == RunManager.Change.REFRESHED && run == shown) {
            show(run, shownNode);
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
        selectionChanged(null, getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        if (shown == null) {
            show(null, null);
        }
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
        if (runs.isEmpty()) {
            return;
        }
        Run run = runs.get(0);
        Object first = ((IStructuredSelection) selection).getFirstElement();
        Node node = null;
        if (first instanceof RunTreeNodes.NetworkNode n) {
            node = n.node();
        } else if (first instanceof TensorSeries t) {
            node = run.graph().node(t.nodeId()).orElse(null);
        }
        show(run, node);
    }

    private void show(Run run, Node node) {
        shown = run;
        shownNode = run == null ? null : node;
        if (run == null) {
            layout.topControl = emptyHint;
            setContentDescription("");
        } else {
            List<RunSummary.Row> rows = new ArrayList<>();
            if (shownNode != null) {
                rows.addAll(NodeSummary.of(run, shownNode));
                rows.add(new RunSummary.Row("", "", false));
            }
            rows.addAll(RunSummary.of(run));
            table.setInput(rows);
            layout.topControl = table.getControl();
            setContentDescription(run.name() + (shownNode == null ? "" : " › " + NodeNames.name(shownNode)));
        }
        stack.layout();
    }

    /** The run on display, or null. */
    public Run shownRun() {
        return shown;
    }

    /** The node whose details come first, or null (tests). */
    public Node shownNode() {
        return shownNode;
    }

    /** The rows on display as "property=value" (tests). */
    public List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (org.eclipse.swt.widgets.TableItem item : table.getTable().getItems()) {
            rows.add(item.getText(0) + "=" + item.getText(1));
        }
        return rows;
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
