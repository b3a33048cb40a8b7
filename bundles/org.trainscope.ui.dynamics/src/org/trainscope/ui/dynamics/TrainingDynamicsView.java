package org.trainscope.ui.dynamics;

import java.util.List;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.TrainScopeUi;

/**
 * DGMTracker's training-dynamics chart: the polylines of one recorded tensor (a neuron's value
 * over the iterations), a sample drawn over the density of all of them, non-finite values
 * marked where they start. Sampling method and size in the control row, with the measured
 * properties of the sample. All computing happens in a job; a newer request cancels the older.
 */
public class TrainingDynamicsView extends ViewPart {
    public static final String ID = "org.trainscope.ui.views.dynamics";

    private Combo method;
    private Spinner size;
    private Button symlog;
    private Label status;
    private DynamicsCanvas chart;
    private List<AlgorithmDescriptor> samplers;
    private TensorSeries tensor;
    private int fromRecord;
    private int toRecord;
    private double valueLow = Double.NaN;
    private double valueHigh = Double.NaN;
    private LatestRequest<DynamicsChart> requests;
    private final SelectionProvider selectionProvider = new SelectionProvider();
    private final ISelectionListener navigatorListener = this::navigatorSelection;
    /** A closed run's tensor is not drawn any longer: its files are released. */
    private final RunManager.Listener runListener = (run, change) -> {
        if (change == RunManager.Change.CLOSED && !chart.control().isDisposed()) {
            chart.control().getDisplay().asyncExec(() -> {
                if (!chart.control().isDisposed() && tensor != null && run.tensors().contains(tensor)) {
                    clear();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        Composite controls = ControlRow.create(parent);
        method = new Combo(ControlRow.labelled(controls, "Sampling:", 2), SWT.READ_ONLY);
        samplers = AlgorithmManager.getInstance().algorithms("sampler");
        samplers.forEach(s -> method.add(s.name()));
        int blueNoise = indexOf("org.trainscope.algorithms.sampling.blueNoise");
        method.select(Math.max(0, blueNoise));
        size = new Spinner(ControlRow.labelled(controls, "Sample size:", 2), SWT.BORDER);
        size.setValues(300, 1, 100_000, 0, 50, 500);
        symlog = new Button(controls, SWT.CHECK);
        symlog.setText("Log scale");
        Label hint = new Label(controls, SWT.NONE);
        hint.setText("wheel: zoom iterations · shift+wheel: zoom values · drag: pan · shift-drag: select · "
                + "double-click: all");
        hint.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        status = new Label(parent, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
        chart = new DynamicsCanvas(parent);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(chart.control());
        requests = new LatestRequest<>(chart.control(), this::display,
                failure -> status.setText("Failed: " + failure.getMessage()));
        chart.onRangeRequested(range -> {
            fromRecord = range[0];
            toRecord = range[1];
            recompute();
        });
        chart.onBrushed(this::brushed);
        chart.onValueWindowRequested(window -> {
            valueLow = window[0];
            valueHigh = window[1];
            recompute();
        });
        method.addListener(SWT.Selection, e -> recompute());
        size.addListener(SWT.Selection, e -> recompute());
        symlog.addListener(SWT.Selection, e -> {
            valueLow = Double.NaN; // a window in the other scale would mislead
            valueHigh = Double.NaN;
            recompute();
        });
        chart.control().addListener(SWT.Resize, e -> Display.getCurrent().timerExec(250, this::recomputeIfResized));
        getSite().setSelectionProvider(selectionProvider);
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, navigatorListener);
        RunManager.getInstance().addListener(runListener);
        navigatorSelection(null, getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        if (tensor == null) {
            status.setText(HINT);
        }
    }

    private static final String HINT = "Select a tensor (activations, gradients, weights, biases or updates of a "
            + "layer) in the Runs view to see how its neurons change over training.";

    private void clear() {
        requests.cancel();
        tensor = null;
        chart.setChart(null, "neuron");
        setContentDescription("");
        status.setText(HINT);
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

    /** Shows all records of {@code t}; for tests and for other views that open a tensor here. */
    public void show(TensorSeries t) {
        tensor = t;
        fromRecord = 0;
        toRecord = t.iterationCount();
        valueLow = Double.NaN;
        valueHigh = Double.NaN;
        setContentDescription(t.id() + " (" + t.kind().externalName() + ", " + t.neuronCount() + " neurons, "
                + t.iterationCount() + " records)");
        recompute();
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
            status.setText(tensor.id() + " has fewer than two records in this range: nothing to draw over time.");
            return;
        }
        Point s = chart.chartSize();
        if (s.x < 120 || s.y < 60) {
            // Not laid out yet (or minimised): the resize listener asks again once there is room.
            return;
        }
        DynamicsRequest request = new DynamicsRequest(tensor, fromRecord, toRecord,
                samplers.get(Math.max(0, method.getSelectionIndex())).id(), size.getSelection(), 42,
                symlog.getSelection(), s.x, s.y, valueLow, valueHigh);
        status.setText("Computing " + request.sampleCount() + " samples of " + tensor.neuronCount()
                + " polylines…");
        requests.submit("Training dynamics of " + tensor.id(), 0,
                monitor -> DynamicsComputation.compute(request, monitor));
    }

    private void display(DynamicsChart result) {
        chart.setChart(result, "neuron");
        status.setText(result.quality()
                + (result.scan().nonFinitePolylines() > 0
                        ? " · " + result.scan().nonFinitePolylines() + " polylines turn NaN/Inf (red)"
                        : ""));
    }

    private void brushed(int[] neurons) {
        if (tensor == null) {
            return;
        }
        selectionProvider.setSelection(new StructuredSelection(new NeuronSelection(null, tensor, neurons)));
        status.setText(neurons.length + " polylines selected: neurons "
                + java.util.Arrays.toString(neurons.length > 12 ? java.util.Arrays.copyOf(neurons, 12) : neurons)
                + (neurons.length > 12 ? "…" : ""));
    }

    /** The chart on display (tests). */
    public DynamicsChart currentChart() {
        return chart.chart();
    }

    /** The chart widget (tests drive it with mouse events). */
    public org.eclipse.swt.widgets.Canvas canvas() {
        return chart.control();
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
        RunManager.getInstance().removeListener(runListener);
        requests.cancel();
        super.dispose();
    }
}
