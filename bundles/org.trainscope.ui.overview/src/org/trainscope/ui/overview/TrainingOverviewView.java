package org.trainscope.ui.overview;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.FailureMessage;
import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewPainter;
import org.trainscope.algorithms.sampling.provider.MetricOverviewProvider;
import org.trainscope.algorithms.sampling.provider.MetricOverviewRequest;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.navigator.SelectedRuns;

/**
 * DGMTracker's training overview: the loss (and any other metric chosen in the list) over the
 * iterations, the runs selected in the Runs view overlaid in distinct colours, linear or log, with
 * the anomalies of each run ({@code AnomalyFinder}: first NaN/Inf of metrics, tensors and nodes,
 * spikes, plateaus, divergence) listed beside the chart and marked on it. Clicking an anomaly or
 * the chart makes that iteration the {@link CurrentIteration current snapshot} of every view. The
 * chart comes from {@link MetricOverviewProvider} in a job (min/max per pixel column, so millions of
 * points stay fluid); the view only draws it. A failure is shown in the status line, once.
 */
public class TrainingOverviewView extends ViewPart {
    public static final String ID = "org.trainscope.ui.views.overview";

    private org.eclipse.swt.widgets.List metricList;
    private Button symlog;
    private Button clip;
    private Label status;
    private OverviewCanvas chart;
    private Table anomalyTable;
    private final List<MetricOverviewModel.MarkedAnomaly> listed = new ArrayList<>();
    private final MetricOverviewProvider provider = new MetricOverviewProvider();
    private LatestRequest<MetricOverviewModel> requests;
    private List<Run> runs = List.of();
    private List<String> metrics = List.of(MetricOverviewRequest.LOSS);
    private long from = Long.MIN_VALUE;
    private long to = Long.MAX_VALUE;
    private final ISelectionListener navigatorListener = this::navigatorSelection;
    private final CurrentIteration.Listener iterationListener = this::currentIterationChanged;
    /** A closed run leaves the chart; a refreshed (live) run is drawn again with its new iterations. */
    private final RunManager.Listener runListener = (run, change) -> {
        if (change == RunManager.Change.OPENED || chart.control().isDisposed()) {
            return;
        }
        chart.control().getDisplay().asyncExec(() -> {
            if (chart.control().isDisposed() || !runs.contains(run)) {
                return;
            }
            if (change == RunManager.Change.CLOSED) {
                List<Run> left = new ArrayList<>(runs);
                left.remove(run);
                showRuns(left);
            } else {
                grown();
            }
        });
    };
    /** A live run grew while the chart was being computed: compute again once it is shown. */
    private boolean refreshPending;

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).spacing(4, 3).applyTo(parent);
        Composite controls = ControlRow.create(parent);
        metricList = new org.eclipse.swt.widgets.List(ControlRow.labelled(controls, "Metrics:", 2),
                SWT.MULTI | SWT.BORDER | SWT.V_SCROLL);
        GridDataFactory.fillDefaults().hint(220, 54).applyTo(metricList);
        metricList.setToolTipText("The metrics to draw (ctrl-click for several); per-node NaN/Inf counts are left out");
        symlog = new Button(controls, SWT.CHECK);
        symlog.setText("Log scale");
        // a failing loss climbs by tens of decades before it turns NaN: linear would flatten the rest
        symlog.setSelection(true);
        symlog.setToolTipText("Symmetric log: sign(v)·log10(1 + |v|/z), z the smallest magnitude drawn, so zero "
                + "and negative values keep their place");
        clip = new Button(controls, SWT.CHECK);
        clip.setText("Clip outliers");
        clip.setSelection(true);
        clip.setToolTipText("Leave a few far outlying columns (an exploding loss) off the value axis; they are drawn "
                + "at its edge and the chart says how far they reach");
        Label hint = new Label(controls, SWT.NONE);
        hint.setText("wheel: zoom iterations · double-click: all · click: make the iteration current");
        hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        status = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(status);
        SashForm sash = new SashForm(parent, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        chart = new OverviewCanvas(sash);
        anomalyTable = new Table(sash, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL);
        anomalyTable.setHeaderVisible(true);
        for (String[] c : new String[][] { { "Iteration", "64" }, { "Kind", "118" }, { "Subject", "130" },
                { "Value", "90" }, { "Run", "200" } }) {
            TableColumn column = new TableColumn(anomalyTable, SWT.LEFT);
            column.setText(c[0]);
            column.setWidth(Integer.parseInt(c[1]));
        }
        sash.setWeights(68, 32);
        requests = new LatestRequest<>(chart.control(), this::display, this::failed);
        chart.onRangeRequested(range -> {
            from = range[0];
            to = range[1];
            recompute();
        });
        chart.onPicked(pick -> makeCurrent(pick.run(), pick.iteration()));
        anomalyTable.addListener(SWT.Selection, e -> {
            int i = anomalyTable.getSelectionIndex();
            if (i >= 0 && i < listed.size()) {
                MetricOverviewModel.MarkedAnomaly a = listed.get(i);
                makeCurrent(a.run(), a.anomaly().iteration());
            }
        });
        metricList.addListener(SWT.Selection, e -> {
            List<String> chosen = List.of(metricList.getSelection());
            if (!chosen.isEmpty()) {
                metrics = chosen;
                recompute();
            }
        });
        symlog.addListener(SWT.Selection, e -> recompute());
        clip.addListener(SWT.Selection, e -> recompute());
        chart.control().addListener(SWT.Resize, e -> Display.getCurrent().timerExec(250, this::recomputeIfResized));
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        RunManager.getInstance().addListener(runListener);
        CurrentIteration.getInstance().addListener(iterationListener);
        navigatorSelection(null, getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        if (runs.isEmpty()) {
            setStatus(HINT);
        }
    }

    private static final String HINT = "Select one or more runs in the Runs view to see their loss and other metrics "
            + "over training, with their anomalies.";

    private void navigatorSelection(IWorkbenchPart part, ISelection selection) {
        List<Run> selected = selection == null ? List.of() : SelectedRuns.of(selection);
        if (!selected.isEmpty() && !selected.equals(runs)) {
            showRuns(selected);
        }
    }

    /** Overlays the metrics of {@code shown} (for tests and other views), every iteration. */
    public void showRuns(List<Run> shown) {
        runs = List.copyOf(shown);
        from = Long.MIN_VALUE;
        to = Long.MAX_VALUE;
        fillMetrics();
        setContentDescription(runs.isEmpty() ? ""
                : String.join(", ", runs.stream().map(Run::name).toList()));
        if (runs.isEmpty()) {
            requests.cancel();
            chart.setModel(null);
            fillAnomalies(List.of());
            setStatus(HINT);
            return;
        }
        recompute();
    }

    /** Offers the metrics of the runs (per-node NaN/Inf counts left out), keeping the chosen ones that remain. */
    private void fillMetrics() {
        Set<String> names = new LinkedHashSet<>();
        for (Run r : runs) {
            for (MetricSeries m : r.metrics()) {
                if (!MetricSeries.isPerNodeNonFiniteCount(m.name())) {
                    names.add(m.name());
                }
            }
        }
        List<String> kept = metrics.stream().filter(names::contains).toList();
        if (kept.isEmpty()) {
            kept = names.contains(MetricOverviewRequest.LOSS) ? List.of(MetricOverviewRequest.LOSS)
                    : names.stream().limit(1).toList();
        }
        metrics = kept.isEmpty() ? metrics : kept;
        metricList.setItems(names.toArray(String[]::new));
        metricList.setSelection(metrics.toArray(String[]::new));
    }

    /** Chooses the metrics drawn, as the list does (tests). */
    public void setMetrics(List<String> chosen) {
        metrics = List.copyOf(chosen);
        metricList.setSelection(metrics.toArray(String[]::new));
        recompute();
    }

    /** Switches the log scale, as its check box does (tests). */
    public void setLogScale(boolean log) {
        symlog.setSelection(log);
        recompute();
    }

    private void recomputeIfResized() {
        if (chart.control().isDisposed() || runs.isEmpty()) {
            return;
        }
        MetricOverviewModel m = chart.model();
        Point s = chart.plotSize();
        if (m == null ? !requests.busy() : s.x != m.width() || s.y != m.height()) {
            recompute();
        }
    }

    private void recompute() {
        if (runs.isEmpty() || chart.control().isDisposed()) {
            return;
        }
        Point s = chart.plotSize();
        if (s.x < 60 || s.y < 40) {
            return; // not laid out yet: the resize listener asks again once there is room
        }
        MetricOverviewRequest request;
        try {
            request = new MetricOverviewRequest(runs, metrics, from, to, s.x, s.y, symlog.getSelection(),
                    clip.getSelection(), true);
        } catch (IllegalArgumentException e) {
            failed(e);
            return;
        }
        setStatus("Computing the overview of " + runs.size() + (runs.size() == 1 ? " run…" : " runs…"));
        requests.submit("Training overview", 0, monitor -> provider.compute(request, monitor));
    }

    /**
     * A live run grew: computed again, but not over a computation in flight (a refresh every few
     * seconds would cancel each one before it ends, the first tensor scan of a large run included):
     * then once its chart is shown.
     */
    private void grown() {
        if (requests.busy()) {
            refreshPending = true;
            return;
        }
        refreshPending = false;
        recompute();
    }

    private void display(MetricOverviewModel m) {
        chart.setModel(m);
        CurrentIteration.getInstance().get().filter(c -> runs.contains(c.run()))
                .ifPresent(c -> chart.setCurrentIteration(c.iteration()));
        fillAnomalies(m.anomalies());
        long points = m.series().stream().mapToLong(MetricOverviewModel.Series::points).sum();
        long nonFinite = m.series().stream().filter(s -> s.firstNonFiniteColumn() >= 0).count();
        setStatus(m.series().size() + (m.series().size() == 1 ? " series, " : " series, ") + points
                + " points over iterations " + m.from() + "–" + m.to() + " · " + m.anomalies().size()
                + (m.anomalies().size() == 1 ? " anomaly" : " anomalies")
                + (nonFinite > 0 ? " · " + nonFinite + " series reach NaN/Inf" : "")
                + (m.series().isEmpty() ? " · none of the runs records " + String.join(", ", metrics) : ""));
        if (refreshPending) {
            grown();
        }
    }

    /** Lists the anomalies by iteration (the list is kept, with its selection, while they stay the same). */
    private void fillAnomalies(List<MetricOverviewModel.MarkedAnomaly> anomalies) {
        List<MetricOverviewModel.MarkedAnomaly> sorted = anomalies.stream()
                .sorted(java.util.Comparator.comparingLong((MetricOverviewModel.MarkedAnomaly a) -> a.anomaly()
                        .iteration()).thenComparingInt(MetricOverviewModel.MarkedAnomaly::runIndex))
                .toList();
        if (sameAnomalies(sorted)) {
            // columns change with the range; the rows do not
            listed.clear();
            listed.addAll(sorted);
            return;
        }
        listed.clear();
        listed.addAll(sorted);
        anomalyTable.removeAll();
        for (MetricOverviewModel.MarkedAnomaly a : sorted) {
            Anomaly an = a.anomaly();
            TableItem item = new TableItem(anomalyTable, SWT.NONE);
            item.setText(new String[] { Long.toString(an.iteration()), an.kind().externalName(), an.subject(),
                    value(an), a.run().name() });
            item.setForeground(1, anomalyTable.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
            item.setData(a);
        }
    }

    private boolean sameAnomalies(List<MetricOverviewModel.MarkedAnomaly> sorted) {
        if (sorted.size() != listed.size()) {
            return false;
        }
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).run() != listed.get(i).run() || !sorted.get(i).anomaly().equals(listed.get(i).anomaly())) {
                return false;
            }
        }
        return true;
    }

    private static String value(Anomaly a) {
        double v = a.value();
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (a.subjectKind() != Anomaly.SubjectKind.METRIC) {
            return String.format(Locale.ROOT, "%.0f non-finite", v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private void makeCurrent(Run run, long iteration) {
        CurrentIteration.getInstance().set(run, iteration, this);
    }

    private void currentIterationChanged(CurrentIteration.Snapshot s) {
        if (!chart.control().isDisposed() && runs.contains(s.run())) {
            chart.setCurrentIteration(s.iteration());
            setStatus("Current snapshot: " + s.run().name() + " at iteration " + s.iteration());
        }
    }

    private void failed(Exception e) {
        if (status.isDisposed()) {
            return;
        }
        String where = String.join(", ", runs.stream().map(Run::name).toList());
        setStatus(FailureMessage.of("Training overview", where, e));
    }

    private void setStatus(String text) {
        status.setText(text);
        status.setToolTipText(text);
        status.getParent().layout(new Control[] { status });
    }

    /** The chart on display (tests). */
    public MetricOverviewModel currentModel() {
        return chart.model();
    }

    /** The chart widget (tests drive it with mouse events). */
    public org.eclipse.swt.widgets.Canvas canvas() {
        return chart.control();
    }

    /** The anomaly list (tests). */
    public Table anomalyTable() {
        return anomalyTable;
    }

    /** The anomaly shown in row {@code i} of the list. */
    public MetricOverviewModel.MarkedAnomaly listedAnomaly(int i) {
        return listed.get(i);
    }

    public String statusText() {
        return status.getText();
    }

    public boolean busy() {
        return requests.busy();
    }

    @Override
    public void setFocus() {
        chart.control().setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        RunManager.getInstance().removeListener(runListener);
        CurrentIteration.getInstance().removeListener(iterationListener);
        requests.cancel();
        super.dispose();
    }
}
