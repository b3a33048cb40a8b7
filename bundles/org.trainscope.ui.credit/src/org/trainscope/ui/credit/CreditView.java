package org.trainscope.ui.credit;

import java.util.Optional;

import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.Layer;
import org.eclipse.draw2d.ScalableLayeredPane;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.credit.internal.CreditComputation;
import org.trainscope.ui.credit.internal.CreditFigures;
import org.trainscope.ui.credit.internal.CreditGraph;
import org.trainscope.ui.credit.internal.CreditSettings;
import org.trainscope.ui.credit.internal.CreditTarget;
import org.trainscope.ui.credit.internal.FitToView;
import org.trainscope.ui.credit.internal.InputStrip;
import org.trainscope.ui.credit.internal.NodeText;

/**
 * DGMTracker's neuron-level view: for the selected neuron, the neurons of earlier layers that
 * make its value (forward credit, LRP) or of later layers that make its gradient (backward
 * credit), as a DAG, with the probe inputs that drive it most. Follows the workbench selection
 * (brushed polylines of the training dynamics view, activation tensors in the Runs view). All
 * computing happens in a job; a newer request cancels the older.
 */
public class CreditView extends ViewPart {
    public static final String ID = "org.trainscope.ui.views.credit";
    static final String HINT = "Brush polylines in Training Dynamics, or select an activation tensor in Runs, "
            + "to see which neurons make that neuron.";

    private Composite stack;
    private StackLayout stackLayout;
    private Label emptyHint;
    private Composite content;
    private Combo direction;
    private Combo rule;
    private Combo aggregation;
    private Slider iteration;
    private Label iterationText;
    private Spinner topK;
    private Label status;
    private FigureCanvas canvas;
    /** The graph on the canvas, scaled down to fit the view (see FitToView). */
    private ScalableLayeredPane zoom;
    private InputStrip inputs;
    private long[] iterations = new long[0];
    private double charWidth;
    private double lineHeight;
    private CreditTarget target;
    private CreditComputation.Outcome shown;
    private LatestRequest<CreditComputation.Outcome> requests;
    private final ISelectionListener selectionListener = this::selectionChanged;
    /** A closed run's neuron is not explained any longer: its files are released. */
    private final RunManager.Listener runListener = (run, change) -> {
        if (change == RunManager.Change.CLOSED && !stack.isDisposed()) {
            stack.getDisplay().asyncExec(() -> {
                if (!stack.isDisposed() && target != null && target.run() == run) {
                    clear();
                }
            });
        }
    };

    @Override
    public void createPartControl(Composite parent) {
        stack = new Composite(parent, SWT.NONE);
        stackLayout = new StackLayout();
        stack.setLayout(stackLayout);
        emptyHint = new Label(stack, SWT.WRAP);
        emptyHint.setText(HINT);
        content = new Composite(stack, SWT.NONE);
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(content);
        createControls(content);
        status = new Label(content, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(status);
        SashForm sash = new SashForm(content, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(sash);
        canvas = new FigureCanvas(sash);
        canvas.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.addListener(SWT.Resize, e -> fitToView());
        inputs = new InputStrip(sash);
        sash.setWeights(new int[] { 3, 1 });
        requests = new LatestRequest<>(canvas, this::display, this::failed);
        measureFont();
        stackLayout.topControl = emptyHint;
        getSite().getPage().addPostSelectionListener(selectionListener);
        RunManager.getInstance().addListener(runListener);
        showSelection(getSite().getPage().getSelection());
    }

    private void clear() {
        requests.cancel();
        target = null;
        shown = null;
        showGraph(null);
        inputs.clear();
        stackLayout.topControl = emptyHint;
        stack.layout();
        setContentDescription("");
    }

    private void createControls(Composite parent) {
        Composite row = ControlRow.create(parent);
        direction = new Combo(ControlRow.labelled(row, "Direction:", 2), SWT.READ_ONLY);
        direction.setItems("Forward: LRP", "Backward: gradient");
        direction.select(0);
        rule = new Combo(ControlRow.labelled(row, "Rules:", 2), SWT.READ_ONLY);
        Composites.NAMES.forEach(rule::add);
        rule.select(0);
        aggregation = new Combo(ControlRow.labelled(row, "Over:", 2), SWT.READ_ONLY);
        aggregation.setItems("all probe inputs", "the selected input");
        aggregation.select(0);
        Composite iterationGroup = ControlRow.labelled(row, "Iteration:", 3);
        iteration = new Slider(iterationGroup, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().hint(180, SWT.DEFAULT).applyTo(iteration);
        iterationText = new Label(iterationGroup, SWT.NONE);
        GridDataFactory.fillDefaults().hint(70, SWT.DEFAULT).applyTo(iterationText);
        topK = new Spinner(ControlRow.labelled(row, "Top:", 2), SWT.BORDER);
        topK.setValues(5, 1, 50, 0, 1, 5);
        direction.addListener(SWT.Selection, e -> {
            rule.setEnabled(direction.getSelectionIndex() == 0);
            recompute();
        });
        rule.addListener(SWT.Selection, e -> recompute());
        aggregation.addListener(SWT.Selection, e -> recompute());
        topK.addListener(SWT.Selection, e -> recompute());
        iteration.addListener(SWT.Selection, e -> recompute());
    }

    /** Box sizes are estimated in the job from the font's average character width. */
    private void measureFont() {
        GC gc = new GC(canvas);
        try {
            charWidth = gc.getFontMetrics().getAverageCharacterWidth() * 1.1;
            lineHeight = gc.getFontMetrics().getHeight();
        } finally {
            gc.dispose();
        }
    }

    private void selectionChanged(IWorkbenchPart part, ISelection selection) {
        if (part != this) {
            showSelection(selection);
        }
    }

    /**
     * Shows the first neuron of a {@link NeuronSelection}, or neuron 0 of an activation
     * {@link TensorSeries}; other selections leave the view as it is.
     */
    public void showSelection(ISelection selection) {
        if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
            return;
        }
        Optional<CreditTarget> t = Optional.empty();
        if (s.getFirstElement() instanceof NeuronSelection n && n.units().length > 0) {
            Run run = n.run() != null ? n.run() : runOf(n.tensor());
            t = CreditTarget.of(run, n.tensor(), n.units()[0]);
        } else if (s.getFirstElement() instanceof TensorSeries tensor) {
            t = CreditTarget.of(runOf(tensor), tensor, 0);
        }
        t.ifPresent(this::show);
    }

    private static Run runOf(TensorSeries tensor) {
        return RunManager.getInstance().runs().stream().filter(r -> r.tensors().contains(tensor)).findFirst()
                .orElse(null);
    }

    /** Explains {@code t}; the slider moves to the last recorded weights. */
    public void show(CreditTarget t) {
        target = t;
        iterations = RunParameterSource.parameterIterations(t.run());
        int last = Math.max(0, iterations.length - 1);
        iteration.setValues(last, 0, Math.max(1, iterations.length), 1, 1, Math.max(1, iterations.length / 10));
        iteration.setEnabled(iterations.length > 1);
        stackLayout.topControl = content;
        stack.layout();
        setContentDescription(t.run().name() + ": " + t.describe());
        recompute();
    }

    private void recompute() {
        if (target == null || canvas.isDisposed()) {
            return;
        }
        if (iterations.length == 0) {
            status.setText("The run has no recorded weights: credit needs the network's parameters.");
            return;
        }
        long it = iterations[Math.min(iteration.getSelection(), iterations.length - 1)];
        iterationText.setText(Long.toString(it));
        CreditSettings settings = new CreditSettings(target,
                direction.getSelectionIndex() == 0 ? Direction.FORWARD : Direction.BACKWARD, rule.getText(), it,
                topK.getSelection(), aggregation.getSelectionIndex() == 1);
        status.setText("Computing the credit of " + target.describe() + " at iteration " + it + "…");
        double cw = charWidth;
        double lh = lineHeight;
        // a short delay lets a dragged slider settle: each newer request cancels this one before it starts
        requests.submit("Neuron credit of " + target.describe(), 100,
                monitor -> CreditComputation.compute(settings, n -> NodeText.size(n, cw, lh), monitor));
    }

    private void failed(Exception failure) {
        status.setText("Failed: " + failure.getMessage());
        showGraph(null);
        inputs.clear();
        shown = null;
    }

    private void display(CreditComputation.Outcome outcome) {
        shown = outcome;
        showGraph(CreditFigures.build(outcome.graph(), outcome.layout()));
        inputs.show(outcome);
        CreditGraph g = outcome.graph();
        status.setText(outcome.note() + " · " + g.layerIds().size() + " layers, " + g.nodes().size()
                + " neurons · red: positive, blue: negative, width: |credit|");
    }

    private void showGraph(IFigure graph) {
        if (graph == null) {
            zoom = null;
            canvas.setContents(new Figure());
            return;
        }
        Layer layer = new Layer();
        layer.setLayoutManager(new org.eclipse.draw2d.StackLayout());
        layer.add(graph);
        zoom = new ScalableLayeredPane();
        zoom.add(layer);
        canvas.setContents(zoom);
        fitToView();
    }

    /**
     * Scales the graph down so that all of it is seen at once, as far as its labels stay legible
     * ({@link FitToView}); a graph that would need more shrinking is shown at that scale and scrolls.
     */
    private void fitToView() {
        if (zoom == null || zoom.getChildren().isEmpty()) {
            return;
        }
        Rectangle area = canvas.getClientArea();
        IFigure layer = (IFigure) zoom.getChildren().get(0);
        Dimension natural = layer.getPreferredSize();
        double scale = FitToView.scale(area.width, area.height, natural.width, natural.height);
        if (scale != zoom.getScale()) {
            zoom.setScale(scale);
        }
    }

    /** True when the whole graph is seen without scrolling, false also when none is shown (tests). */
    public boolean graphFitsView() {
        if (zoom == null || zoom.getChildren().isEmpty()) {
            return false;
        }
        Dimension natural = ((IFigure) zoom.getChildren().get(0)).getPreferredSize();
        Rectangle area = canvas.getClientArea();
        double scale = zoom.getScale();
        return natural.width * scale <= area.width + 1 && natural.height * scale <= area.height + 1;
    }

    /** The scale the graph is drawn at, 1 when none is shown (tests). */
    public double graphScale() {
        return zoom == null ? 1 : zoom.getScale();
    }

    /** The graph on display, or null (tests). */
    public CreditGraph currentGraph() {
        return shown == null ? null : shown.graph();
    }

    /** True while a computation is scheduled or running (tests). */
    public boolean busy() {
        return requests.busy();
    }

    /** The status line (tests). */
    public String statusText() {
        return status.getText();
    }

    @Override
    public void setFocus() {
        stack.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(selectionListener);
        RunManager.getInstance().removeListener(runListener);
        requests.cancel();
        super.dispose();
    }
}
