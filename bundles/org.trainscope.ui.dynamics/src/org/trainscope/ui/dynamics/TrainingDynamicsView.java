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
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.FailureMessage;
import org.trainscope.ui.ViewSelectionProvider;
import org.trainscope.algorithms.sampling.provider.ChartFigure;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsPicking;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.provider.NeuronGroup;
import org.trainscope.algorithms.sampling.provider.NeuronGrouping;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.CurrentIteration;
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
 * the header. Beside the chart, the groups of anomalous neurons the provider found (selecting one
 * highlights its polylines and publishes them as a {@link NeuronSelection}). The current snapshot
 * ({@link CurrentIteration}) is a black line the chart follows; a click on the chart or its
 * iteration axis sets it. When two runs that both have the tensor are selected, the second run's
 * tensor is drawn in a second panel under the first, on the same value axis and the same
 * iterations. A live run is drawn again when it grows. The chart comes from
 * {@link DynamicsChartProvider}, the provider the command line uses; the view only draws it. All
 * computing happens in jobs; a newer request cancels the older, and a failure is shown in the
 * view's status line.
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
    /**
     * The tensor the view switched to the log scale for by itself (its linear axis squashed the bulk),
     * or null: the next tensor goes back to the linear scale the user had.
     */
    private TensorSeries logChosenFor;
    private static final String LOG_CHOSEN = "Log scale chosen (a linear axis would squash 99 % of the values into"
            + " a flat line) · ";
    /** The tensor whose scale the user chose with the check box: the view does not choose it again. */
    private TensorSeries scaleSetFor;
    private Composite figures;
    private Label status;
    private DynamicsCanvas chart;
    /** The second run's panel, shown when two runs are compared. */
    private DynamicsCanvas compareChart;
    private SashForm panels;
    private Table groupTable;
    /** The groups listed, row by row, with the chart each belongs to. */
    private final List<ListedGroup> listedGroups = new java.util.ArrayList<>();
    /** The second run compared and its tensor of the same id; null when one run is shown. */
    private Run compareRun;
    private TensorSeries compareTensor;
    /** The tensor's record count when the range was last set: a range ending there follows a live run's new records. */
    private int knownRecords;
    /** A live run grew while a chart was being computed: compute again once it is shown. */
    private boolean refreshPending;
    /** The chart was resized while a request ran: checked again when its result is shown. */
    private boolean resizePending;
    /** Where the compared run's chart starts, in the first chart's columns (its first iteration's column). */
    private int compareOffset;
    private List<AlgorithmDescriptor> samplers;
    private Run run;
    private TensorSeries tensor;
    private NeuronLayout layout;
    private int fromRecord;
    private int toRecord;
    private double valueLow = Double.NaN;
    private double valueHigh = Double.NaN;
    private LatestRequest<List<DynamicsChartModel>> requests;
    private final ViewSelectionProvider selectionProvider = new ViewSelectionProvider();
    private final ISelectionListener navigatorListener = this::navigatorSelection;
    /** The CNNVis view's id (no dependency on its bundle: only its NeuronSelection is read). */
    private static final String CNNVIS_VIEW_ID = "org.trainscope.ui.views.cnnvis";
    private final ISelectionListener clusterListener = this::clusterSelection;
    /** The Snapshot view's id (no dependency on its bundle: only its NeuronSelection is read). */
    private static final String SNAPSHOT_VIEW_ID = "org.trainscope.ui.graph.snapshot";
    private final ISelectionListener snapshotListener = this::snapshotSelection;
    /** A closed run's tensor is not drawn any longer: its files are released. A grown (live) run is drawn again. */
    private final RunManager.Listener runListener = (changed, change) -> {
        if (change == RunManager.Change.OPENED || chart.control().isDisposed()) {
            return;
        }
        chart.control().getDisplay().asyncExec(() -> {
            if (chart.control().isDisposed() || tensor == null) {
                return;
            }
            boolean shown = changed.tensors().contains(tensor);
            boolean compared = compareTensor != null && changed.tensors().contains(compareTensor);
            if (change == RunManager.Change.CLOSED) {
                if (shown) {
                    clear();
                } else if (compared) {
                    stopComparing();
                    recompute();
                }
            } else if (shown || compared) {
                grown();
            }
        });
    };
    private final CurrentIteration.Listener iterationListener = this::currentIterationChanged;

    /** A group in the list: the chart it was found on, and the run and tensor that chart shows. */
    private record ListedGroup(DynamicsChartModel chart, DynamicsCanvas canvas, NeuronGroup group) {
    }

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
                + "click: current iteration · double-click: all");
        hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        figures = new Composite(parent, SWT.NONE);
        RowLayoutFactory.fillDefaults().spacing(14).wrap(true).applyTo(figures);
        // one line's height even while empty: figures that appear with a first picture must not
        // shrink the chart under it (the picture was drawn for the height the chart had)
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, lineHeight(figures)).applyTo(figures);
        // one line whatever the text: a status that wrapped would resize the chart and recompute it
        status = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(status);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(DynamicsLegend.create(parent));
        SashForm beside = new SashForm(parent, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(beside);
        panels = new SashForm(beside, SWT.VERTICAL);
        chart = new DynamicsCanvas(panels);
        compareChart = new DynamicsCanvas(panels);
        panels.setMaximizedControl(chart.control());
        groupTable = new Table(beside, SWT.SINGLE | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL);
        groupTable.setHeaderVisible(true);
        groupTable.setToolTipText("Groups of anomalous neurons: the sampled outliers, the polylines far beyond the"
                + " bulk and those turning NaN/Inf, grouped by the pattern they share. Select one to highlight it and explain it in Neuron Credit.");
        for (String[] c : new String[][] { { "Anomalous group", "190" }, { "Polylines", "64" }, { "Run", "110" } }) {
            TableColumn column = new TableColumn(groupTable, SWT.LEFT);
            column.setText(c[0]);
            column.setWidth(Integer.parseInt(c[1]));
        }
        beside.setWeights(76, 24);
        groupTable.addListener(SWT.Selection, e -> selectGroup(groupTable.getSelectionIndex()));
        requests = new LatestRequest<>(chart.control(), this::display, this::failed);
        for (DynamicsCanvas c : List.of(chart, compareChart)) {
            c.onBrushed(this::brushed);
            c.onFailure(this::failed);
            c.onValueWindowRequested(window -> {
                valueLow = window[0];
                valueHigh = window[1];
                recompute();
            });
            c.onIterationPicked(iteration -> {
                DynamicsChartModel m = c.chart();
                Run of = m == null ? null : m.request().run();
                if (of != null) {
                    CurrentIteration.getInstance().set(of, iteration, this);
                }
            });
        }
        chart.onRangeRequested(range -> {
            fromRecord = range[0];
            toRecord = range[1];
            recompute();
        });
        // the second panel's zoom and pan move the first panel's range: both show the same iterations
        compareChart.onRangeRequested(range -> {
            if (compareTensor == null) {
                return;
            }
            long[] its = compareTensor.iterations();
            int[] mapped = recordsCovering(tensor.iterations(), its[range[0]], its[range[1] - 1]);
            fromRecord = mapped[0];
            toRecord = Math.max(mapped[1], Math.min(tensor.iterationCount(), mapped[0] + 2));
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
            scaleSetFor = tensor;
            logChosenFor = null;
            valueLow = Double.NaN; // a window in the other scale would mislead
            valueHigh = Double.NaN;
            recompute();
        });
        chart.control().addListener(SWT.Resize, e -> Display.getCurrent().timerExec(250, this::recomputeIfResized));
        getSite().setSelectionProvider(selectionProvider);
        CurrentIteration.getInstance().addListener(iterationListener);
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
        stopComparing();
        chart.setChart(null);
        fillGroups(List.of());
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

    /**
     * A tensor selected in the Runs view is shown. Two runs compared: the same tensor (by id)
     * selected in two runs, or two runs selected while a tensor that both have is shown.
     */
    private void navigatorSelection(IWorkbenchPart part, ISelection selection) {
        if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
            return;
        }
        List<?> elements = s.toList();
        List<TensorSeries> tensors = elements.stream().filter(TensorSeries.class::isInstance)
                .map(TensorSeries.class::cast).toList();
        List<Run> runs = elements.stream().filter(Run.class::isInstance).map(Run.class::cast).toList();
        if (!tensors.isEmpty()) {
            TensorSeries first = tensors.get(0);
            TensorSeries second = tensors.stream().skip(1).filter(t -> t.id().equals(first.id()))
                    .filter(t -> runOf(t) != runOf(first)).findFirst().orElse(null);
            if (second != null) {
                compare(first, second);
            } else {
                show(first);
            }
        } else if (runs.size() >= 2 && tensor != null) {
            Run own = runs.contains(run) ? run : runs.get(0);
            Run other = runs.stream().filter(r -> r != own).filter(r -> r.tensor(tensor.id()).isPresent()).findFirst()
                    .orElse(null);
            TensorSeries mine = own == run ? tensor : own.tensor(tensor.id()).orElse(null);
            if (mine != null && other != null) {
                compare(mine, other.tensor(tensor.id()).orElseThrow());
            }
        }
    }

    private static Run runOf(TensorSeries t) {
        return RunManager.getInstance().runs().stream().filter(r -> r.tensors().contains(t)).findFirst().orElse(null);
    }

    /**
     * Shows {@code first} and, in a second panel under it, {@code second} (the same tensor of
     * another run) on one value axis and over the same iterations; for tests and other views too.
     */
    public void compare(TensorSeries first, TensorSeries second) {
        show(first, false);
        compareTensor = second;
        compareRun = runOf(second);
        panels.setMaximizedControl(null);
        describeContent();
        recompute();
    }

    private void stopComparing() {
        compareTensor = null;
        compareRun = null;
        compareChart.setChart(null);
        chart.setCaption(null);
        panels.setMaximizedControl(chart.control());
    }

    /** The second run's tensor when two runs are compared, else null (tests). */
    public TensorSeries comparedTensor() {
        return compareTensor;
    }

    /** How far right the second panel's chart is drawn, in pixels (tests). */
    public int comparedOffset() {
        return compareOffset;
    }

    /** The second panel's chart, null when one run is shown (tests). */
    public DynamicsChartModel comparedChart() {
        return compareTensor == null ? null : compareChart.chart();
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
        show(t, true);
    }

    private void show(TensorSeries t, boolean compute) {
        stopComparing();
        if (logChosenFor != null && logChosenFor != t) {
            symlog.setSelection(false); // the view's choice for another tensor, not the user's
            logChosenFor = null;
        }
        tensor = t;
        run = runOf(t);
        layout = NeuronLayout.of(run, t);
        fromRecord = 0;
        toRecord = t.iterationCount();
        knownRecords = toRecord;
        valueLow = Double.NaN;
        valueHigh = Double.NaN;
        chart.clearHover();
        fillGroupings(layout);
        describeContent();
        if (compute) {
            recompute();
        }
    }

    /** Names the tensor, its size and record count (which a live run changes), its run and the compared one. */
    private void describeContent() {
        setContentDescription(tensor.id() + " (" + tensor.kind().externalName() + ", "
                + NeuronGrouping.UNITS.count(layout)
                + (layout.hasProbeAxis() ? " seen on " + layout.probeCount() + " probe inputs" : "") + ", "
                + tensor.iterationCount() + " records)" + (run == null ? "" : " · " + run.name())
                + (compareTensor == null ? "" : " · compared with " + (compareRun == null ? "another run"
                        : compareRun.name()) + " (lower panel)"));
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
            if (requests.busy()) {
                // never throw away a running pass (minutes on a huge tensor) for a new size, nor for
                // the rows a first picture's figures take: drawn again at the new size once shown
                resizePending = true;
                return;
            }
            recompute();
        }
    }

    private void recompute() {
        if (tensor == null || samplers.isEmpty() || chart.control().isDisposed()) {
            return;
        }
        resizePending = false; // the new request takes the chart's present size
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
        knownRecords = tensor.iterationCount();
        DynamicsRequest second = compareTensor == null ? null : comparedRequest(request);
        if (compareTensor != null && second == null) {
            compareChart.setChart(null);
        }
        setStatus("Computing a sample of " + request.sampleCount() + " polylines…");
        if (second == null) {
            // progressive: a first picture of a stratified subset while the tensor is summarised once
            requests.submit("Training dynamics of " + tensor.id(), 0,
                    (monitor, partial) -> List.of(DynamicsChartProvider.compute(request,
                            preview -> partial.accept(List.of(preview)), monitor)),
                    this::displayPreview);
        } else {
            requests.submit("Training dynamics of " + tensor.id() + " in two runs", 0,
                    monitor -> DynamicsChartProvider.compare(request, second, monitor));
        }
    }

    /**
     * The second run's request: the same settings over the records that cover the same iterations
     * as the first's range, as wide as the first chart's columns from its first to its last
     * iteration (so the panels share the iteration axis at both ends; between them each spaces its
     * own records evenly, as every chart does); null when it has fewer than 2 records there.
     */
    private DynamicsRequest comparedRequest(DynamicsRequest first) {
        long[] own = tensor.iterations();
        long[] other = compareTensor.iterations();
        int[] range = recordsCovering(other, own[first.fromRecord()], own[first.toRecord() - 1]);
        if (range[1] - range[0] < 2) {
            return null;
        }
        long[] shown = java.util.Arrays.copyOfRange(own, first.fromRecord(), first.toRecord());
        int left = columnOf(shown, first.width(), other[range[0]]);
        int right = columnOf(shown, first.width(), other[range[1] - 1]);
        compareOffset = left;
        int width = Math.max(8, right - left + 1);
        NeuronLayout otherLayout = NeuronLayout.of(compareRun, compareTensor);
        NeuronGrouping g = first.grouping().appliesTo(otherLayout) ? first.grouping() : NeuronGrouping.UNITS;
        try {
            return new DynamicsRequest(compareRun, compareTensor, otherLayout, g, range[0], range[1],
                    first.samplerId(), first.sampleCount(), first.seed(), first.samplerParameters(), first.symlog(),
                    width, first.height(), first.valueLow(), first.valueHigh());
        } catch (IllegalArgumentException e) {
            return null; // a shape the settings do not fit: the first run alone
        }
    }

    /**
     * The column of an iteration in a chart of {@code width} columns over records at {@code shown}
     * iterations (evenly spaced by record, an iteration between two records placed between their
     * columns), as {@link DynamicsChartModel#columnAtIteration} places it.
     */
    static int columnOf(long[] shown, int width, long iteration) {
        int n = shown.length;
        double step = n > 1 ? (width - 1) / (double) (n - 1) : 0;
        int j = java.util.Arrays.binarySearch(shown, iteration);
        if (j >= 0) {
            return (int) Math.round(j * step);
        }
        int after = -j - 1;
        if (after <= 0) {
            return 0;
        }
        if (after >= n) {
            return width - 1;
        }
        double fraction = (iteration - shown[after - 1]) / (double) (shown[after] - shown[after - 1]);
        return (int) Math.round((after - 1 + fraction) * step);
    }

    /** The records [from, to) of {@code iterations} (ascending) between iterations {@code first} and {@code last}. */
    static int[] recordsCovering(long[] iterations, long first, long last) {
        int from = 0;
        while (from < iterations.length && iterations[from] < first) {
            from++;
        }
        int to = from;
        while (to < iterations.length && iterations[to] <= last) {
            to++;
        }
        return new int[] { from, to };
    }

    /** A live run grew: a range that reached the last record reaches the new last one; computed again. */
    private void grown() {
        if (requests.busy()) {
            refreshPending = true; // computing again now would cancel it: again once it is shown
            return;
        }
        refreshPending = false;
        describeContent();
        if (toRecord == knownRecords && tensor.iterationCount() > knownRecords) {
            toRecord = tensor.iterationCount();
        }
        recompute();
    }

    /**
     * A picture before the sample: a stratified subset's density while the tensor is summarised, then
     * the density of all polylines while the sampler runs.
     */
    private void displayPreview(List<DynamicsChartModel> results) {
        DynamicsChartModel preview = results.get(0);
        if (choseLogScale(preview)) {
            return;
        }
        chart.setChart(preview);
        fillGroups(results); // none yet: the previous chart's groups do not belong to this picture
        showFigures(preview.figures());
        boolean summarised = preview.figures().get(0).text().startsWith("density of all");
        setStatus(preview.sampled().length > 0 ? "Density of all " + preview.polylines().neuronCount()
                + " polylines and the lines sampled over the wider range; sampling this range…"
                : summarised ? "Density of all " + preview.polylines().neuronCount()
                        + " polylines; sampling the lines to draw…"
                        : "First picture from a stratified subset; summarising all " + preview.polylines().neuronCount()
                                + " polylines once (kept beside the trace), then sampling…");
    }

    private void display(List<DynamicsChartModel> results) {
        DynamicsChartModel result = results.get(0);
        if (results.size() == 1 && choseLogScale(result)) {
            return;
        }
        chart.setChart(result);
        chart.setCaption(results.size() > 1 && run != null ? run.name() : null);
        if (results.size() > 1) {
            compareChart.setChart(results.get(1), compareOffset);
            compareChart.setCaption(compareRun == null ? "the compared run" : compareRun.name());
        }
        showCurrentIteration();
        fillGroups(results);
        showFigures(result.figures());
        int nonFinite = result.scan().nonFinitePolylines();
        int outliers = result.outlierCount();
        // the scale the view chose comes first: a one-line status is cut off at the right
        setStatus((logChosenFor == tensor && symlog.getSelection() ? LOG_CHOSEN : "")
                + (chart.selectedCount() > 0 ? chart.selectedCount() + " selected · " : "")
                + result.polylines().neuronCount() + " polylines, "
                + result.request().grouping().label(result.request().layout()).toLowerCase(Locale.ROOT) + " · "
                // the level measures a whole path: a line that leaves the bulk only in its last records is
                // not isolated along most of it, so say what is counted
                + outliers + " of the " + result.sampled().length + " sampled are outliers (the most isolated "
                + Math.round(100 * result.outlierLevel().fraction()) + " % of paths over the whole range)"
                + (nonFinite > 0 ? " · " + nonFinite + " polylines turn NaN/Inf" : "")
                + " · " + result.groups().size() + (result.groups().size() == 1 ? " anomalous group" : " anomalous groups")
                + (compareTensor != null && results.size() < 2 ? " · " + compareTensor.id() + " of "
                        + (compareRun == null ? "the other run" : compareRun.name())
                        + " has no records at these iterations" : ""));
        if (refreshPending) {
            grown();
        } else if (resizePending) {
            resizePending = false;
            recomputeIfResized();
        }
    }

    /**
     * Switches to the log scale, once per tensor and only where the user has not chosen a scale for
     * it, when the linear axis of a chart of all its records squashes the bulk of its values (a few
     * exploding polylines set the axis; every other one would be one flat line). The request joins
     * the tensor's pass or reads its summary, so the log-scale chart comes as fast as the linear one.
     *
     * @return true when the chart was not shown because the log-scale one is being computed
     */
    private boolean choseLogScale(DynamicsChartModel m) {
        DynamicsRequest r = m.request();
        if (!m.squashesBulk() || symlog.getSelection() || r.tensor() != tensor || scaleSetFor == tensor
                || r.fromRecord() != 0 || r.toRecord() != tensor.iterationCount()) {
            return false;
        }
        symlog.setSelection(true);
        logChosenFor = tensor;
        recompute();
        return true;
    }

    /** Lists the groups of each chart (with its run when two are compared). */
    private void fillGroups(List<DynamicsChartModel> charts) {
        listedGroups.clear();
        groupTable.removeAll();
        for (int k = 0; k < charts.size(); k++) {
            DynamicsChartModel m = charts.get(k);
            DynamicsCanvas canvas = k == 0 ? chart : compareChart;
            for (NeuronGroup g : m.groups()) {
                listedGroups.add(new ListedGroup(m, canvas, g));
                TableItem item = new TableItem(groupTable, SWT.NONE);
                item.setText(new String[] { g.description(), Integer.toString(g.size()),
                        m.request().run() == null ? "" : m.request().run().name() });
                if (g.pattern().nonFinite()) {
                    item.setForeground(0, groupTable.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
                }
            }
        }
    }

    /**
     * Selects the {@code i}-th listed group, as clicking it does: its polylines are highlighted on
     * their chart and published as a NeuronSelection (tests).
     */
    public void selectGroup(int i) {
        if (i < 0 || i >= listedGroups.size()) {
            return;
        }
        if (groupTable.getSelectionIndex() != i) {
            groupTable.setSelection(i);
        }
        ListedGroup g = listedGroups.get(i);
        if (g.canvas().chart() == g.chart()) {
            g.canvas().select(g.group().polylines());
        }
    }

    /** The groups listed beside the chart, in list order (tests). */
    public List<NeuronGroup> listedGroups() {
        return listedGroups.stream().map(ListedGroup::group).toList();
    }

    /** The group list (tests, screenshots). */
    public Table groupTable() {
        return groupTable;
    }

    private void currentIterationChanged(CurrentIteration.Snapshot s) {
        if (chart.control().isDisposed() || tensor == null || (s.run() != run && s.run() != compareRun)) {
            return;
        }
        showCurrentIteration();
        follow(s.iteration());
    }

    /** Draws the current snapshot on the panels of its run's iterations (both when two runs are compared). */
    private void showCurrentIteration() {
        long at = CurrentIteration.getInstance().get().filter(c -> c.run() == run || c.run() == compareRun)
                .map(CurrentIteration.Snapshot::iteration).orElse(Long.MIN_VALUE);
        chart.setCurrentIteration(at);
        compareChart.setCurrentIteration(at);
    }

    /** The chart's range moves (same span) to hold the current snapshot when it lies outside. */
    private void follow(long iteration) {
        long[] its = tensor.iterations();
        if (toRecord - fromRecord < 2 || its.length < 2) {
            return;
        }
        if (iteration >= its[fromRecord] && iteration <= its[toRecord - 1]) {
            return;
        }
        int at = java.util.Arrays.binarySearch(its, iteration);
        int record = at >= 0 ? at : Math.max(0, Math.min(its.length - 1, -at - 2));
        int span = toRecord - fromRecord;
        int from = Math.max(0, Math.min(its.length - span, record - span / 2));
        fromRecord = from;
        toRecord = from + span;
        recompute();
    }

    /** A failed computation, shown once in the status line (never a dialog). */
    private void failed(Exception e) {
        if (status.isDisposed()) {
            return;
        }
        if (chart.chart() != null && chart.chart().request().tensor() != tensor) {
            // the chart drawn is another tensor's (or another run's): it must not pass for this one
            chart.setChart(null);
            showFigures(List.of());
            fillGroups(List.of());
        }
        setStatus(FailureMessage.of("Training dynamics", FailureMessage.where(run, tensor), e));
    }

    private void setStatus(String text) {
        status.setText(text);
        status.setToolTipText(text);
        status.getParent().layout(new Control[] { status });
    }

    /** The height of one row of figures: a figure's label, measured. */
    private static int lineHeight(Composite row) {
        Label probe = new Label(row, SWT.NONE);
        probe.setText("300 of 1000 polylines sampled");
        int height = probe.computeSize(SWT.DEFAULT, SWT.DEFAULT).y;
        probe.dispose();
        return height;
    }

    private void showFigures(List<ChartFigure> list) {
        for (Control c : figures.getChildren()) {
            c.dispose();
        }
        // an empty row keeps one line's height; figures take what they need (a narrow view wraps them)
        ((GridData) figures.getLayoutData()).heightHint = list.isEmpty() ? lineHeight(figures) : SWT.DEFAULT;
        for (ChartFigure f : list) {
            Label l = new Label(figures, SWT.NONE);
            l.setText(f.text());
            l.setToolTipText(f.explanation());
        }
        figures.getParent().layout(true, true);
    }

    private void brushed(DynamicsPicking.Brush brush) {
        TensorSeries of = brush.chart().request().tensor();
        if (tensor == null || (of != tensor && of != compareTensor)) {
            return;
        }
        Run from = brush.chart().request().run();
        int[] polylines = brush.polylines();
        if (polylines.length == 0) {
            setStatus("No polyline crosses the selected rectangle.");
            return;
        }
        DynamicsRequest r = brush.chart().request();
        int[] units = r.grouping().units(polylines, r.layout());
        int probe = r.grouping().probe(polylines, r.layout());
        selectionProvider.setSelection(new StructuredSelection(new NeuronSelection(from, of, units, probe)));
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

    /** The "Log scale" check box (tests). */
    public Button logScale() {
        return symlog;
    }

    /** The view's top composite: its controls, status, legend and charts (tests look for widgets in it). */
    public Composite controls() {
        return chart.control().getParent().getParent().getParent();
    }

    /** The captions of the two panels, the first run's and the compared run's (tests). */
    public List<String> panelCaptions() {
        return java.util.Arrays.asList(chart.caption(), compareChart.caption());
    }

    /** The second run's chart widget (tests). */
    public org.eclipse.swt.widgets.Canvas comparedCanvas() {
        return compareChart.control();
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
        CurrentIteration.getInstance().removeListener(iterationListener);
        requests.cancel();
        super.dispose();
    }
}
