package org.trainscope.ui.dynamics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.layout.RowLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.ui.ViewSelectionProvider;
import org.trainscope.algorithms.sampling.provider.ChartFigure;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsPicking;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.provider.NeuronGrouping;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.ParameterForm;
import org.trainscope.ui.TrainScopeUi;

/**
 * DGMTracker's training-dynamics chart: the polylines of one recorded tensor (a neuron's value
 * over the iterations; by default one per unit, its mean over the probe inputs), a sample drawn
 * over the density of all of them, outliers and non-finite onsets marked, a legend for every
 * colour. The sampler (any contributed to the algorithms extension point) with a form of its
 * declared parameters and the grouping in the control row, the measured properties of the sample in
 * the header. The chart comes from {@link DynamicsChartProvider}, the provider the command line
 * uses; the view only draws it. All computing happens in jobs; a newer request cancels the older,
 * and a failure is shown in the view's status line.
 */
public class TrainingDynamicsView extends ViewPart {
    public static final String ID = "org.trainscope.ui.views.dynamics";

    private Combo method;
    /** The chosen sampler's declared parameters. */
    private ParameterForm parameters;
    private Composite parameterRow;
    /** Values the user gave, kept for parameters of the same name when another sampler is chosen. */
    private final Map<String, String> entered = new HashMap<>(
            Map.of("sampleCount", Integer.toString(DynamicsRequest.DEFAULT_SAMPLE_COUNT)));
    private Combo groupingChoice;
    private NeuronGrouping[] groupings = { NeuronGrouping.UNITS };
    private NeuronGrouping preferredGrouping = NeuronGrouping.UNITS;
    private Button symlog;
    private Composite figures;
    private Label status;
    private DynamicsCanvas chart;
    private List<AlgorithmDescriptor> samplers;
    private Run run;
    private TensorSeries tensor;
    private NeuronLayout layout;
    private int fromRecord;
    private int toRecord;
    private double valueLow = Double.NaN;
    private double valueHigh = Double.NaN;
    private LatestRequest<DynamicsChartModel> requests;
    private final ViewSelectionProvider selectionProvider = new ViewSelectionProvider();
    private final ISelectionListener navigatorListener = this::navigatorSelection;
    /** The CNNVis view's id (no dependency on its bundle: only its NeuronSelection is read). */
    private static final String CNNVIS_VIEW_ID = "org.trainscope.ui.views.cnnvis";
    private final ISelectionListener clusterListener = this::clusterSelection;
    /** The Snapshot view's id (no dependency on its bundle: only its NeuronSelection is read). */
    private static final String SNAPSHOT_VIEW_ID = "org.trainscope.ui.graph.snapshot";
    private final ISelectionListener snapshotListener = this::snapshotSelection;
    /** A closed run's tensor is not drawn any longer: its files are released. */
    private final RunManager.Listener runListener = (closed, change) -> {
        if (change == RunManager.Change.CLOSED && !chart.control().isDisposed()) {
            chart.control().getDisplay().asyncExec(() -> {
                if (!chart.control().isDisposed() && tensor != null && closed.tensors().contains(tensor)) {
                    clear();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).spacing(4, 3).applyTo(parent);
        Composite controls = ControlRow.create(parent);
        method = new Combo(ControlRow.labelled(controls, "Sampling:", 2), SWT.READ_ONLY);
        samplers = AlgorithmManager.getInstance().algorithms("sampler");
        samplers.forEach(s -> method.add(s.name()));
        int blueNoise = indexOf(DynamicsRequest.BLUE_NOISE);
        method.select(Math.max(0, blueNoise));
        parameterRow = new Composite(controls, SWT.NONE);
        RowLayoutFactory.fillDefaults().spacing(8).center(true).wrap(true).applyTo(parameterRow);
        showParameters();
        groupingChoice = new Combo(ControlRow.labelled(controls, "Polylines:", 2), SWT.READ_ONLY);
        groupingChoice.setToolTipText("One polyline per unit (its mean over the probe inputs), per unit and probe"
                + " input, or per channel of a convolution (its mean over the probe inputs and all positions).");
        fillGroupings(NeuronLayout.of(0, new int[] { 1 }));
        symlog = new Button(controls, SWT.CHECK);
        symlog.setText("Log scale");
        Label hint = new Label(controls, SWT.NONE);
        hint.setText("wheel: zoom iterations · shift+wheel: zoom values · drag: pan · shift-drag: select · "
                + "double-click: all");
        hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        figures = new Composite(parent, SWT.NONE);
        RowLayoutFactory.fillDefaults().spacing(14).wrap(true).applyTo(figures);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(figures);
        // one line whatever the text: a status that wrapped would resize the chart and recompute it
        status = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(status);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(DynamicsLegend.create(parent));
        chart = new DynamicsCanvas(parent);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(chart.control());
        requests = new LatestRequest<>(chart.control(), this::display, this::failed);
        chart.onRangeRequested(range -> {
            fromRecord = range[0];
            toRecord = range[1];
            recompute();
        });
        chart.onBrushed(this::brushed);
        chart.onFailure(this::failed);
        chart.onValueWindowRequested(window -> {
            valueLow = window[0];
            valueHigh = window[1];
            recompute();
        });
        method.addListener(SWT.Selection, e -> {
            showParameters();
            recompute();
        });
        groupingChoice.addListener(SWT.Selection, e -> {
            preferredGrouping = grouping();
            valueLow = Double.NaN; // averages span another range than single values
            valueHigh = Double.NaN;
            recompute();
        });
        symlog.addListener(SWT.Selection, e -> {
            valueLow = Double.NaN; // a window in the other scale would mislead
            valueHigh = Double.NaN;
            recompute();
        });
        chart.control().addListener(SWT.Resize, e -> Display.getCurrent().timerExec(250, this::recomputeIfResized));
        getSite().setSelectionProvider(selectionProvider);
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        getSite().getPage().addPostSelectionListener(CNNVIS_VIEW_ID, clusterListener);
        getSite().getPage().addPostSelectionListener(SNAPSHOT_VIEW_ID, snapshotListener);
        RunManager.getInstance().addListener(runListener);
        navigatorSelection(null, getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        if (tensor == null) {
            setStatus(HINT);
        }
    }

    private static final String HINT = "Select a tensor (activations, gradients, weights, biases or updates of a "
            + "layer) in the Runs view to see how its neurons change over training.";

    private void clear() {
        requests.cancel();
        tensor = null;
        run = null;
        chart.setChart(null);
        setContentDescription("");
        showFigures(List.of());
        setStatus(HINT);
    }

    /**
     * The chosen sampler's declared parameters as a form, with the values the user gave before
     * for parameters of the same name. The iteration range ("from", "to") is the chart's zoom.
     */
    private void showParameters() {
        if (parameters != null) {
            parameters.dispose();
            parameters = null;
        }
        if (samplers.isEmpty()) {
            return;
        }
        parameters = new ParameterForm(parameterRow, sampler().parameters(), VIEW_RANGE);
        entered.forEach(parameters::setValue);
        parameters.onChange(this::recompute);
        parameterRow.getParent().getParent().layout(true, true);
    }

    /** Sampler parameters the view sets from the chart's zoom rather than from the form. */
    private static final Set<String> VIEW_RANGE = Set.of("from", "to");

    private AlgorithmDescriptor sampler() {
        return samplers.get(Math.max(0, method.getSelectionIndex()));
    }

    /** The form of the chosen sampler's parameters (tests). */
    public ParameterForm parameterForm() {
        return parameters;
    }

    private int indexOf(String id) {
        for (int i = 0; i < samplers.size(); i++) {
            if (samplers.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private void navigatorSelection(IWorkbenchPart part, ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof TensorSeries t) {
            show(t);
        }
    }

    /** A cluster chosen in CNNVis: its layer's activation is shown here (its units are named in the status). */
    private void clusterSelection(IWorkbenchPart part, ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof NeuronSelection n
                && n.tensor() != null) {
            if (n.tensor() != tensor) {
                show(n.tensor());
            }
            setStatus("CNNVis cluster: " + n.units().length + " units of " + n.tensor().id()
                    + "; brush its polylines to select them here.");
        }
    }

    /** A node chosen in the Snapshot view: its tensor is shown here, its loudest unit named in the status. */
    private void snapshotSelection(IWorkbenchPart part, ISelection selection) {
        if (selection instanceof IStructuredSelection s && s.getFirstElement() instanceof NeuronSelection n
                && n.tensor() != null) {
            if (n.tensor() != tensor) {
                show(n.tensor());
            }
            setStatus("Snapshot node " + n.tensor().nodeId() + ": its largest value at the current iteration is unit "
                    + Arrays.toString(n.units()) + " of " + n.tensor().id() + "; brush its polylines to select them here.");
        }
    }

    /** Shows all records of {@code t}; for tests and for other views that open a tensor here. */
    public void show(TensorSeries t) {
        tensor = t;
        run = RunManager.getInstance().runs().stream().filter(r -> r.tensors().contains(t)).findFirst().orElse(null);
        layout = NeuronLayout.of(run, t);
        fromRecord = 0;
        toRecord = t.iterationCount();
        valueLow = Double.NaN;
        valueHigh = Double.NaN;
        chart.clearHover();
        fillGroupings(layout);
        setContentDescription(t.id() + " (" + t.kind().externalName() + ", " + NeuronGrouping.UNITS.count(layout)
                + (layout.hasProbeAxis() ? " seen on " + layout.probeCount() + " probe inputs" : "") + ", "
                + t.iterationCount() + " records)");
        recompute();
    }

    /** Offers the groupings that apply to {@code l}, keeping the user's last choice where it applies. */
    private void fillGroupings(NeuronLayout l) {
        groupings = NeuronGrouping.choicesFor(l);
        groupingChoice.setItems(Arrays.stream(groupings).map(g -> g.label(l)).toArray(String[]::new));
        int keep = Arrays.asList(groupings).indexOf(preferredGrouping);
        groupingChoice.select(Math.max(0, keep));
        groupingChoice.setEnabled(groupings.length > 1);
        groupingChoice.getParent().getParent().layout(true, true);
    }

    /** How polylines are grouped now. */
    public NeuronGrouping grouping() {
        return groupings[Math.max(0, Math.min(groupings.length - 1, groupingChoice.getSelectionIndex()))];
    }

    /** Chooses a grouping, as the "Polylines" choice does (tests); false when it does not apply. */
    public boolean setGrouping(NeuronGrouping g) {
        int i = Arrays.asList(groupings).indexOf(g);
        if (i < 0) {
            return false;
        }
        groupingChoice.select(i);
        preferredGrouping = g;
        valueLow = Double.NaN;
        valueHigh = Double.NaN;
        recompute();
        return true;
    }

    private void recomputeIfResized() {
        if (chart.control().isDisposed() || tensor == null) {
            return;
        }
        if (chart.chart() == null || chart.chart().request().tensor() != tensor) {
            if (!requests.busy()) {
                recompute();
            }
            return;
        }
        Point s = chart.chartSize();
        if (s.x != chart.chart().request().width() || s.y != chart.chart().request().height()) {
            recompute();
        }
    }

    private void recompute() {
        if (tensor == null || samplers.isEmpty() || chart.control().isDisposed()) {
            return;
        }
        if (toRecord - fromRecord < 2) {
            requests.cancel();
            chart.setChart(null);
            showFigures(List.of());
            setStatus(tensor.id() + " has " + (toRecord - fromRecord == 1 ? "one record" : "no records")
                    + " in this range: nothing to draw over time.");
            return;
        }
        Point s = chart.chartSize();
        if (s.x < 120 || s.y < 60) {
            // Not laid out yet (or minimised): the resize listener asks again once there is room.
            return;
        }
        Optional<String> problem = parameters.problem();
        if (problem.isPresent()) {
            requests.cancel();
            setStatus("Not sampled: " + problem.get());
            return;
        }
        Map<String, String> values = new HashMap<>(parameters.values());
        entered.putAll(values);
        String count = values.remove("sampleCount");
        String seed = values.remove("seed");
        DynamicsRequest request;
        try {
            request = new DynamicsRequest(run, tensor, layout, grouping(), fromRecord, toRecord, sampler().id(),
                    count == null ? DynamicsRequest.DEFAULT_SAMPLE_COUNT : Integer.parseInt(count.trim()),
                    seed == null ? DynamicsRequest.DEFAULT_SEED : Long.parseLong(seed.trim()), values,
                    symlog.getSelection(), s.x, s.y, valueLow, valueHigh);
        } catch (IllegalArgumentException e) {
            failed(e);
            return;
        }
        setStatus("Computing a sample of " + request.sampleCount() + " polylines…");
        requests.submit("Training dynamics of " + tensor.id(), 0,
                monitor -> DynamicsChartProvider.compute(request, monitor));
    }

    private void display(DynamicsChartModel result) {
        chart.setChart(result);
        showFigures(result.figures());
        int nonFinite = result.scan().nonFinitePolylines();
        int outliers = result.outlierCount();
        setStatus((chart.selectedCount() > 0 ? chart.selectedCount() + " selected · " : "")
                + result.polylines().neuronCount() + " polylines, "
                + result.request().grouping().label(result.request().layout()).toLowerCase(Locale.ROOT) + " · "
                + outliers + " of the " + result.sampled().length + " sampled are outliers (paths among the most isolated "
                + Math.round(100 * result.outlierLevel().fraction()) + " % of all)"
                + (nonFinite > 0 ? " · " + nonFinite + " polylines turn NaN/Inf" : ""));
    }

    /** A failed computation, shown once in the status line (never a dialog). */
    private void failed(Exception e) {
        if (status.isDisposed()) {
            return;
        }
        String message = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        setStatus("Failed: " + message);
    }

    private void setStatus(String text) {
        status.setText(text);
        status.setToolTipText(text);
        status.getParent().layout(new Control[] { status });
    }

    private void showFigures(List<ChartFigure> list) {
        for (Control c : figures.getChildren()) {
            c.dispose();
        }
        for (ChartFigure f : list) {
            Label l = new Label(figures, SWT.NONE);
            l.setText(f.text());
            l.setToolTipText(f.explanation());
        }
        figures.getParent().layout(true, true);
    }

    private void brushed(DynamicsPicking.Brush brush) {
        if (tensor == null || brush.chart().request().tensor() != tensor) {
            return;
        }
        int[] polylines = brush.polylines();
        if (polylines.length == 0) {
            setStatus("No polyline crosses the selected rectangle.");
            return;
        }
        DynamicsRequest r = brush.chart().request();
        int[] units = r.grouping().units(polylines, r.layout());
        int probe = r.grouping().probe(polylines, r.layout());
        selectionProvider.setSelection(new StructuredSelection(new NeuronSelection(run, tensor, units, probe)));
        String named = IntStream.of(polylines).limit(6).mapToObj(brush.chart()::describe)
                .collect(Collectors.joining(", ")) + (polylines.length > 6 ? ", …" : "");
        setStatus(polylines.length + (polylines.length == 1 ? " polyline" : " polylines") + " selected: " + named
                + " (" + units.length + (units.length == 1 ? " unit" : " units")
                + (probe >= 0 ? " on probe input " + probe : "") + ")");
    }

    /** The chart on display (tests). */
    public DynamicsChartModel currentChart() {
        return chart.chart();
    }

    /** The chart widget (tests drive it with mouse events). */
    public org.eclipse.swt.widgets.Canvas canvas() {
        return chart.control();
    }

    /** The painted hover tooltip's text, null when none is shown (tests). */
    public String hoverText() {
        return chart.hoverText();
    }

    /** The status line: progress, failures, the selection (tests). */
    public String statusText() {
        return status.getText();
    }

    /** True while a computation is scheduled or running (tests). */
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
        getSite().getPage().removePostSelectionListener(CNNVIS_VIEW_ID, clusterListener);
        getSite().getPage().removePostSelectionListener(SNAPSHOT_VIEW_ID, snapshotListener);
        RunManager.getInstance().removeListener(runListener);
        requests.cancel();
        super.dispose();
    }
}
