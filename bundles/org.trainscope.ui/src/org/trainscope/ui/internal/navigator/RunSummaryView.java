package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
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
import org.trainscope.ui.NetworkNode;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.core.summary.RunSummaryProvider;
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
    private Job anomalyJob;
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
        if (first instanceof NetworkNode n) {
            node = n.node();
        } else if (first instanceof TensorSeries t) {
            node = run.graph().node(t.nodeId()).orElse(null);
        }
        show(run, node);
    }

    private void show(Run run, Node node) {
        shown = run;
        shownNode = run == null ? null : node;
        if (anomalyJob != null) {
            anomalyJob.cancel();
            anomalyJob = null;
        }
        if (run == null) {
            layout.topControl = emptyHint;
            setContentDescription("");
        } else {
            List<RunSummary.Row> rows = rows(run, List.of(new RunSummary.Row("Anomalies",
                    "looking for them in every tensor record…", false)));
            table.setInput(rows);
            layout.topControl = table.getControl();
            setContentDescription(run.name() + (shownNode == null ? "" : " › " + NodeNames.name(shownNode)));
            findAnomalies(run, shownNode);
        }
        stack.layout();
    }

    /** The node's rows, then the run's cheap facts, then {@code anomalies}. */
    private List<RunSummary.Row> rows(Run run, List<RunSummary.Row> anomalies) {
        List<RunSummary.Row> rows = new ArrayList<>();
        if (shownNode != null) {
            rows.addAll(NodeSummary.of(run, shownNode));
            rows.add(new RunSummary.Row("", "", false));
        }
        rows.addAll(RunSummary.of(run));
        rows.addAll(anomalies);
        return rows;
    }

    /**
     * Reads every tensor record for NaN/Inf in a Job (the provider's full summary), then shows the
     * anomalies if the same run and node are still on display; a failure is one row, not a dialog.
     */
    private void findAnomalies(Run run, Node node) {
        Job job = Job.create("Looking for anomalies in " + run.name(), monitor -> {
            List<RunSummary.Row> found;
            try {
                found = RunSummary.anomalyRows(new RunSummaryProvider().summarize(run, monitor));
            } catch (java.io.IOException | RuntimeException e) {
                if (e instanceof org.eclipse.core.runtime.OperationCanceledException) {
                    return org.eclipse.core.runtime.Status.CANCEL_STATUS;
                }
                found = List.of(new RunSummary.Row("Anomalies", "could not be computed: " + e.getMessage(), true));
            }
            List<RunSummary.Row> anomalies = found;
            Display.getDefault().asyncExec(() -> {
                if (!table.getControl().isDisposed() && shown == run && shownNode == node) {
                    table.setInput(rows(run, anomalies));
                }
            });
            return org.eclipse.core.runtime.Status.OK_STATUS;
        });
        job.setSystem(true);
        anomalyJob = job;
        job.schedule();
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
        if (anomalyJob != null) {
            anomalyJob.cancel();
        }
        getSite().getPage().removePostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, selectionListener);
        RunManager.getInstance().removeListener(runListener);
        super.dispose();
    }
}
