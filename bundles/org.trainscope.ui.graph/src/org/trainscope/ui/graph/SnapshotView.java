package org.trainscope.ui.graph;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.PartInitException;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.FailureMessage;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.core.snapshot.AbnormalityScore;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.NodeDifference;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.SnapshotComparison;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.trainscope.core.snapshot.SnapshotGraphProvider;
import org.trainscope.core.snapshot.SnapshotRequest;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.NetworkNode;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.ViewSelectionProvider;
import org.trainscope.ui.graph.internal.FlowChart;
import org.trainscope.ui.graph.internal.NodeFigure;
import org.trainscope.ui.graph.internal.SnapshotCanvas;
import org.trainscope.algorithms.credit.provider.SnapshotLayout;

/**
 * The Snapshot view (DGMTracker's snapshot DAG): the network of a run laid out left to right (ELK
 * layered, draw2d), every node with a small chart of the data flowing through it around the
 * current iteration, the most abnormal nodes marked with their rank. The model comes from
 * {@link SnapshotGraphProvider} in a job ({@link LatestRequest}); the view only places and draws it.
 * It follows {@link CurrentIteration} (the Training Overview sets it) and new records of a live
 * run; a click on a node posts a {@link NeuronSelection} of its loudest unit (Neuron Credit
 * explains it), a double-click opens its tensor in Training Dynamics.
 */
public final class SnapshotView extends ViewPart {
    public static final String ID = "org.trainscope.ui.graph.snapshot";
    /** Training Dynamics' id (no dependency on its bundle: it follows this view's selection). */
    private static final String DYNAMICS_VIEW_ID = "org.trainscope.ui.views.dynamics";
    private static final String HINT = "Select a run in the Runs view (or click an iteration in the Training Overview) "
            + "to see its network with the data flowing through every node.";

    /** What the job delivers: the model and its placement for the groups collapsed then. */
    private record Shown(SnapshotGraphModel model, SnapshotLayout.Placed placed, SnapshotComparison comparison) {
    }

    private final SnapshotGraphProvider provider = new SnapshotGraphProvider();
    private final ViewSelectionProvider selectionProvider = new ViewSelectionProvider();
    private final Set<String> collapsed = new HashSet<>();
    private Label iterationLabel;
    private Spinner history;
    private Button collapseAll;
    private Button differenceMode;
    private Label status;
    private Canvas legend;
    private SnapshotCanvas canvas;
    private LatestRequest<Shown> requests;
    private Run run;
    /** The run compared with {@link #run} (two runs selected in the Runs view), or null. */
    private Run other;
    /** The iteration shown; null: the run's last recorded one (and a live run's newest). */
    private Long iteration;
    private Object followed;
    private Shown shown;
    private String selectedNode;
    private String failure;

    private final ISelectionListener navigatorListener = this::navigatorSelection;
    private final CurrentIteration.Listener iterationListener = this::followIteration;
    private final RunManager.Listener runListener = (changed, change) -> {
        if (canvas == null || canvas.control().isDisposed()) {
            return;
        }
        canvas.control().getDisplay().asyncExec(() -> {
            if (canvas.control().isDisposed() || changed != run && changed != other) {
                return;
            }
            if (change == RunManager.Change.CLOSED && changed == other) {
                other = null;
                recompute();
            } else if (change == RunManager.Change.CLOSED) {
                clear();
            } else if (change == RunManager.Change.REFRESHED) {
                recompute(); // new records: the window (and, when following the newest, the iteration) moves
            }
        });
    };

    @Override
    public void createPartControl(Composite parent) {
        parent.setLayout(new GridLayout(1, false));
        Composite controls = ControlRow.create(parent);
        iterationLabel = new Label(ControlRow.labelled(controls, "Iteration:", 2), SWT.NONE);
        iterationLabel.setText("—      ");
        history = new Spinner(ControlRow.labelled(controls, "History (recorded iterations):", 2), SWT.BORDER);
        history.setValues(SnapshotRequest.DEFAULT_BEFORE, 1, 200, 0, 1, 4);
        history.setToolTipText("How many recorded iterations before the current one the charts show and the "
                + "abnormality score compares against");
        collapseAll = new Button(controls, SWT.CHECK);
        collapseAll.setText("Collapse layer groups");
        collapseAll.setToolTipText("Draw every layer group as one box (double-click a group to collapse or expand it alone)");
        differenceMode = new Button(controls, SWT.CHECK);
        differenceMode.setText("Show the difference");
        differenceMode.setToolTipText("When two runs are compared: chart per node log10 of the ratio of mean |value| "
                + "(and spread) of the first run over the second at matching iterations, instead of both runs' "
                + "charts side by side");
        differenceMode.setEnabled(false);

        legend = new Canvas(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, 20).applyTo(legend);
        legend.addPaintListener(e -> paintLegend(e.gc));
        status = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(status);
        canvas = new SnapshotCanvas(parent);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(canvas.control());
        canvas.figure().onSelect(this::nodeSelected);
        canvas.figure().onOpen(this::nodeOpened);
        canvas.figure().onToggle(this::toggleGroup);
        requests = new LatestRequest<>(canvas.control(), this::display, this::failed);

        history.addListener(SWT.Modify, e -> recompute());
        differenceMode.addListener(SWT.Selection, e -> {
            if (shown != null) {
                display(shown);
            }
        });
        collapseAll.addListener(SWT.Selection, e -> {
            collapsed.clear();
            if (collapseAll.getSelection() && shown != null) {
                collapsed.addAll(shown.model().groups().keySet());
            }
            relayout();
        });

        getSite().setSelectionProvider(selectionProvider);
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        CurrentIteration.getInstance().addListener(iterationListener);
        RunManager.getInstance().addListener(runListener);
        Optional<CurrentIteration.Snapshot> now = CurrentIteration.getInstance().get();
        if (now.isPresent() && RunManager.getInstance().runs().contains(now.get().run())) {
            show(now.get().run(), now.get().iteration());
        } else {
            navigatorSelection(null, getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        }
        if (run == null) {
            setStatus(HINT);
        }
    }

    private void navigatorSelection(IWorkbenchPart part, ISelection selection) {
        if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
            return;
        }
        java.util.List<Run> selectedRuns = ((java.util.List<?>) s.toList()).stream().filter(Run.class::isInstance)
                .map(Run.class::cast).distinct().toList();
        if (selectedRuns.size() >= 2) { // two runs selected together: compare the first with the second
            followed = null;
            // the reference is the run of the current snapshot when it is one of them (the user
            // found an iteration in it, e.g. the failing one), else the first in the Runs view
            Optional<CurrentIteration.Snapshot> now = CurrentIteration.getInstance().get();
            Run a = now.isPresent() && selectedRuns.contains(now.get().run()) ? now.get().run() : selectedRuns.get(0);
            Run b = selectedRuns.stream().filter(x -> x != a).findFirst().orElseThrow();
            if (a != run || b != other) {
                compare(a, b, now.isPresent() && now.get().run() == a ? now.get().iteration() : null);
            }
            return;
        }
        if (s.getFirstElement() == followed) {
            return;
        }
        Object first = s.getFirstElement();
        followed = first;
        Run r = null;
        if (first instanceof Run x) {
            r = x;
        } else if (first instanceof TensorSeries t) {
            r = RunManager.getInstance().runs().stream().filter(x -> x.tensors().contains(t)).findFirst().orElse(null);
        } else if (first instanceof NetworkNode n) {
            r = n.run();
        }
        if (r != null && r == run && other != null) {
            other = null; // one run selected again: shown alone
            setContentDescription(r.name());
            recompute();
        } else if (r != null && r != run) {
            Optional<CurrentIteration.Snapshot> now = CurrentIteration.getInstance().get();
            show(r, now.isPresent() && now.get().run() == r ? now.get().iteration() : null);
        }
    }

    private void followIteration(CurrentIteration.Snapshot s) {
        if (s.source() != this && canvas != null && !canvas.control().isDisposed()) {
            show(s.run(), s.iteration());
        }
    }

    /** Shows {@code r} at {@code it} (null: its last recorded iteration, following a live run's newest). */
    public void show(Run r, Long it) {
        if (r != run) {
            collapsed.clear();
            collapseAll.setSelection(false);
            selectedNode = null;
            shown = null;
            other = null;
        }
        run = r;
        iteration = it;
        setContentDescription(r.name());
        recompute();
    }

    /**
     * Shows {@code first}'s network compared with {@code second} at {@code it} (null: the first
     * run's last recorded iteration): nodes of both runs get both charts (or their difference) and
     * are coloured by how much they differ ({@link SnapshotComparison}).
     */
    public void compare(Run first, Run second, Long it) {
        if (first == second) {
            show(first, it);
            return;
        }
        if (first != run) {
            collapsed.clear();
            collapseAll.setSelection(false);
            selectedNode = null;
            shown = null;
        }
        run = first;
        other = second;
        iteration = it;
        setContentDescription(first.name() + " compared with " + second.name());
        recompute();
    }

    private long currentIteration() {
        if (iteration != null) {
            return iteration;
        }
        long last = 0;
        for (TensorSeries t : run.tensors()) {
            long[] its = t.iterations();
            if (its.length > 0) {
                last = Math.max(last, its[its.length - 1]);
            }
        }
        return last;
    }

    private void recompute() {
        if (run == null) {
            return;
        }
        Run r = run;
        long it = currentIteration();
        iterationLabel.setText(Long.toString(it) + (iteration == null ? " (last)" : ""));
        iterationLabel.getParent().getParent().layout(true, true);
        SnapshotRequest request = new SnapshotRequest(r, it, history.getSelection(), SnapshotRequest.DEFAULT_AFTER,
                SnapshotRequest.DEFAULT_MAX_VALUES, SnapshotRequest.DEFAULT_MARKED);
        Set<String> groups = Set.copyOf(collapsed);
        Run o = other;
        differenceMode.setEnabled(o != null);
        setStatus("Reading the data flow of " + r.name() + (o == null ? "" : " and " + o.name()) + " around iteration "
                + it + "…");
        requests.submit("Snapshot of " + r.name(), 100, monitor -> {
            if (o != null) {
                SnapshotComparison c = provider.compare(request, o, monitor);
                return new Shown(c.first(), SnapshotLayout.place(c.first(), groups), c);
            }
            SnapshotGraphModel m = provider.compute(request, monitor);
            return new Shown(m, SnapshotLayout.place(m, groups), null);
        });
    }

    /** Places the model shown again for the groups collapsed now (no data read). */
    private void relayout() {
        if (shown == null) {
            return;
        }
        SnapshotGraphModel m = shown.model();
        SnapshotComparison c = shown.comparison();
        Set<String> groups = Set.copyOf(collapsed);
        requests.submit("Snapshot layout of " + m.runName(), 0,
                monitor -> new Shown(m, SnapshotLayout.place(m, groups), c));
    }

    private void toggleGroup(String group) {
        if (!collapsed.remove(group)) {
            collapsed.add(group);
        }
        relayout();
    }

    private void display(Shown s) {
        shown = s;
        failure = null;
        canvas.show(s.model(), s.placed(), selectedNode, s.comparison(), differenceMode.getSelection());
        legend.redraw();
        if (s.comparison() != null) {
            setStatus(comparisonText(s.comparison()));
            return;
        }
        SnapshotGraphModel m = s.model();
        StringBuilder text = new StringBuilder();
        text.append(m.nodes().size()).append(" nodes, window ").append(m.fromIteration()).append("–")
                .append(m.toIteration()).append(". ");
        if (m.marked().isEmpty()) {
            text.append("No node stands out (score ≥ ").append(AbnormalityScore.MARK_THRESHOLD).append(")");
            NodeFlow top = m.ranking().isEmpty() ? null : m.node(m.ranking().get(0)).orElseThrow();
            if (top != null && top.abnormality().score() > 0) {
                text.append("; highest: ").append(top.id()).append(String.format(Locale.ROOT, " %.1f",
                        top.abnormality().score()));
            } else if (top != null && top.abnormality().reason().startsWith("fewer than")) {
                text.append("; too few earlier records in the window to score (").append(AbnormalityScore.MIN_HISTORY)
                        .append(" needed)");
            }
            text.append('.');
        } else {
            text.append("Most abnormal: ");
            for (NodeFlow n : m.marked()) {
                text.append("#").append(n.rank()).append(" ").append(n.id()).append(" (")
                        .append(NodeFigure.scoreText(n)).append(")  ");
            }
        }
        if (!m.warnings().isEmpty()) {
            text.append(" — ").append(String.join("; ", m.warnings()));
        }
        setStatus(text.toString().trim());
        legend.redraw();
    }

    private static String comparisonText(SnapshotComparison c) {
        StringBuilder text = new StringBuilder();
        text.append(c.first().runName()).append(" vs ").append(c.second().runName()).append(", window ")
                .append(c.first().fromIteration()).append("–").append(c.first().toIteration()).append(": ")
                .append(c.ranking().size()).append(" nodes compared. Differ most: ");
        for (String id : c.ranking().subList(0, Math.min(3, c.ranking().size()))) {
            NodeDifference d = c.difference(id).orElseThrow();
            text.append(id).append(d.score() >= AbnormalityScore.NON_FINITE ? " (NaN/Inf in one run)"
                    : String.format(Locale.ROOT, " (×%.3g)", Math.pow(10, d.score()))).append("  ");
        }
        if (!c.onlyInFirst().isEmpty()) {
            text.append(" Only in ").append(c.first().runName()).append(": ").append(String.join(", ", c.onlyInFirst()))
                    .append('.');
        }
        if (!c.onlyInSecond().isEmpty()) {
            text.append(" Only in ").append(c.second().runName()).append(": ")
                    .append(String.join(", ", c.onlyInSecond())).append('.');
        }
        return text.toString().trim();
    }

    private void failed(Exception e) {
        String message = FailureMessage.of("Not drawn", FailureMessage.where(run, null), e);
        if (message.equals(failure)) {
            return; // a live run failing the same way on every refresh says so once
        }
        failure = message;
        shown = null;
        canvas.show(null, null, null);
        setStatus(message);
    }

    private void clear() {
        requests.cancel();
        run = null;
        other = null;
        shown = null;
        iteration = null;
        followed = null;
        canvas.show(null, null, null);
        setContentDescription("");
        iterationLabel.setText("—");
        setStatus(HINT);
    }

    /** The selection a node stands for: its loudest unit of its activations (else of its first charted tensor). */
    private Optional<NeuronSelection> selectionOf(NodeFlow n) {
        Optional<FlowSeries> series = n.values().stream().filter(s -> s.kind() == TensorKind.ACTIVATION).findFirst()
                .or(() -> n.series().stream().findFirst());
        if (series.isEmpty() || run == null) {
            return Optional.empty();
        }
        Optional<TensorSeries> tensor = run.tensor(series.get().tensorId());
        if (tensor.isEmpty()) {
            return Optional.empty();
        }
        int unit = series.get().loudestUnit();
        if (unit < 0) {
            unit = 0;
        }
        unit = Math.min(unit, NeuronLayout.of(run, tensor.get()).unitCount() - 1);
        return Optional.of(new NeuronSelection(run, tensor.get(), new int[] { unit }, -1));
    }

    private void nodeSelected(NodeFlow n) {
        selectedNode = n.id();
        Optional<NeuronSelection> s = selectionOf(n);
        if (s.isPresent()) {
            selectionProvider.setSelection(new StructuredSelection(s.get()));
        } else {
            selectionProvider.setSelection(new StructuredSelection(new NetworkNode(run, n.node())));
        }
        String rank = n.rank() > 0 ? "rank " + n.rank() + " (" + NodeFigure.scoreText(n) + ")" : "not ranked";
        setStatus(n.id() + ": " + rank + (n.abnormality().reason().isEmpty() ? ""
                : ", " + n.abnormality().tensorId() + " " + n.abnormality().reason())
                + s.map(x -> "; selected " + x).orElse("; nothing recorded to select"));
    }

    /**
     * Double-click: Training Dynamics shows the node's tensor (it follows this view's selection,
     * active or not). Activated, not only made visible: in the default layout it shares this view's
     * stack, where a merely visible view stays hidden behind this one.
     */
    private void nodeOpened(NodeFlow n) {
        Optional<NeuronSelection> s = selectionOf(n);
        if (s.isEmpty()) {
            setStatus(n.id() + " has no recorded tensor to show in Training Dynamics.");
            return;
        }
        try {
            getSite().getPage().showView(DYNAMICS_VIEW_ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        } catch (PartInitException e) {
            setStatus("Training Dynamics could not open: " + e.getMessage());
            return;
        }
        selectedNode = n.id();
        selectionProvider.setSelection(new StructuredSelection(s.get()));
    }

    private void paintLegend(GC gc) {
        gc.setAntialias(SWT.ON);
        int x = 4;
        int y = 10;
        if (shown != null && shown.comparison() != null) {
            SnapshotComparison c = shown.comparison();
            if (differenceMode.getSelection()) {
                x = legendLine(gc, x, y, FlowChart.VALUES, "log10 mean |value| " + c.first().runName() + " / "
                        + c.second().runName() + " > 0 (dotted: spread)");
                x = legendLine(gc, x, y, FlowChart.OTHER, "< 0");
            } else {
                x = legendLine(gc, x, y, FlowChart.VALUES, c.first().runName() + ": mean, 5–95 %");
                x = legendLine(gc, x, y, FlowChart.OTHER, c.second().runName() + " (same scale)");
            }
            gc.setForeground(legend.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText("fill: |log10 ratio| at the current iteration (blue: first larger, orange: second; "
                    + "full at ×100); #k: differ most", x, 2, true);
            return;
        }
        x = legendLine(gc, x, y, FlowChart.VALUES, "values: mean, 5–95 % band");
        x = legendLine(gc, x, y, FlowChart.GRADIENTS, "gradients (own scale)");
        gc.setForeground(FlowChart.CURRENT);
        gc.setLineStyle(SWT.LINE_DASH);
        gc.drawLine(x, 3, x, 17);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.drawText("current iteration", x + 5, 2, true);
        x += gc.textExtent("current iteration").x + 18;
        gc.setBackground(FlowChart.NON_FINITE);
        gc.fillRectangle(x, 3, 3, 6);
        gc.setForeground(legend.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText("NaN/Inf", x + 6, 2, true);
        x += gc.textExtent("NaN/Inf").x + 18;
        gc.setBackground(NodeFigure.MARK);
        gc.fillOval(x, 2, 16, 16);
        gc.setForeground(legend.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.drawText("#1", x + 1, 3, true);
        gc.setForeground(legend.getDisplay().getSystemColor(SWT.COLOR_BLACK));
        String abnormal = "most abnormal (robust z of log |value| against own history; NaN/Inf first)";
        gc.drawText(abnormal, x + 20, 2, true);
        x += gc.textExtent(abnormal).x + 34;
        gc.setForeground(legend.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawRectangle(x, 4, 18, 12);
        gc.drawText("operator", x + 22, 2, true);
        x += gc.textExtent("operator").x + 34;
        gc.setLineStyle(SWT.LINE_DASH);
        gc.drawOval(x, 3, 22, 14);
        gc.setLineStyle(SWT.LINE_SOLID);
        gc.drawText("random variable", x + 26, 2, true);
        x += gc.textExtent("random variable").x + 38;
        gc.drawRectangle(x, 7, 10, 7);
        gc.drawText("parameter", x + 14, 2, true);
    }

    private static int legendLine(GC gc, int x, int y, org.eclipse.swt.graphics.Color c, String text) {
        gc.setBackground(c);
        gc.setAlpha(60);
        gc.fillRectangle(x, y - 6, 22, 12);
        gc.setAlpha(255);
        gc.setForeground(c);
        gc.setLineWidth(2);
        gc.drawLine(x, y, x + 22, y);
        gc.setLineWidth(1);
        gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
        gc.drawText(text, x + 26, y - 8, true);
        return x + 26 + gc.textExtent(text).x + 18;
    }

    private void setStatus(String text) {
        if (!status.isDisposed()) {
            status.setText(text);
            status.setToolTipText(text);
        }
    }

    // ---- for tests -------------------------------------------------------------------------

    /** The model drawn now, or null. */
    public SnapshotGraphModel model() {
        return shown == null ? null : shown.model();
    }

    /** The comparison drawn now, or null (one run shown). */
    public SnapshotComparison comparison() {
        return shown == null ? null : shown.comparison();
    }

    /** Switches between both runs' charts and their difference, as the check box does. */
    public void showDifference(boolean on) {
        differenceMode.setSelection(on);
        if (shown != null) {
            display(shown);
        }
    }

    /** The placement drawn now, or null. */
    public SnapshotLayout.Placed placed() {
        return shown == null ? null : shown.placed();
    }

    public Run run() {
        return run;
    }

    public String statusText() {
        return status.getText();
    }

    public boolean busy() {
        return requests.busy();
    }

    public SnapshotCanvas canvas() {
        return canvas;
    }

    /** Collapses or expands a group, as a double-click on it does. */
    public void toggle(String group) {
        toggleGroup(group);
    }

    @Override
    public void setFocus() {
        canvas.control().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        CurrentIteration.getInstance().removeListener(iterationListener);
        RunManager.getInstance().removeListener(runListener);
        requests.cancel();
        super.dispose();
    }
}
