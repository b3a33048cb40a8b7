package org.trainscope.ui.credit;

import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.Layer;
import org.eclipse.draw2d.ScalableLayeredPane;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IMenuManager;
import org.eclipse.jface.action.IToolBarManager;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.DirectoryDialog;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Slider;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.ui.IPartListener2;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.IWorkbenchPartReference;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.FailureMessage;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.ControlRow;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.NetworkNode;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphLayout;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.RunInputs;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.adapters.inputs.ImageOptions;
import org.trainscope.adapters.inputs.InputSets;
import org.trainscope.ui.credit.internal.ImageOptionsDialog;
import org.trainscope.ui.credit.internal.CreditFigures;
import org.trainscope.algorithms.credit.provider.CompositeNames;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.ui.credit.internal.FitToView;
import org.trainscope.ui.credit.internal.InputStrip;

/**
 * DGMTracker's neuron-level view: for the chosen neuron, the neurons of earlier layers that make
 * its value (forward credit, LRP) or of later layers that make its gradient (backward credit),
 * as a DAG, with the probe inputs that drive it most.
 * <p>
 * A neuron is a unit as users count them ({@link org.trainscope.core.model.NeuronLayout}),
 * explained over all probe inputs or on one. The view computes only when it is visible and a
 * neuron was chosen: a brushed polyline of Training Dynamics (a {@link NeuronSelection}), or a
 * unit typed in the view after an activation tensor was selected in Runs (selecting a tensor
 * alone computes nothing). A selection the workbench posts again (when a view is re-activated)
 * is not taken again. All computing happens in a job, by {@link CreditGraphProvider} (this view
 * only draws its model); a newer request cancels the older, and a failure is shown once, in the
 * status line. "Explain with inputs from…" takes the user's own inputs (an array, an image, a
 * folder) instead of the recorded probe inputs; they are loaded in the job too. "Inputs: training
 * batch" explains it on the recorded training batch of the chosen iteration instead (trace format
 * §4.8) and the strip shows the batch's samples ranked by how much they drive it.
 */
public class CreditView extends ViewPart {
    /** Where the user's inputs are and how its images are normalised; loaded in the job. */
    private record InputChoice(Path path, ImageOptions images) {
    }

    /** A request as the controls make it, with the user's inputs still to load. */
    private record Asked(CreditGraphRequest request, InputChoice inputs) {
    }

    static final String PROBE_SET = "probe set";
    static final String TRAINING_BATCH = "training batch";

    /** What the job hands to the UI thread: the provider's model and where its boxes go. */
    private record Shown(CreditGraphModel model, CreditGraphLayout.Result layout) {
    }

    public static final String ID = "org.trainscope.ui.views.credit";
    static final String HINT = "Choose a neuron in Training Dynamics (brush or click a polyline), or select an "
            + "activation tensor in Runs and pick a unit here, to see which neurons make that neuron.";

    private Composite stack;
    private StackLayout stackLayout;
    private Label emptyHint;
    private Composite content;
    private Spinner unit;
    private Label unitName;
    private Button explain;
    private Combo probe;
    /** "probe set" or "training batch at iteration N" (trace format §4.8). */
    private Combo source;
    private Combo direction;
    private Combo rule;
    private Slider iteration;
    private Label iterationText;
    private Spinner topK;
    private Label status;
    private FigureCanvas canvas;
    /** The graph on the canvas, scaled down to fit the view (see FitToView). */
    private ScalableLayeredPane zoom;
    private InputStrip inputs;
    private long[] iterations = new long[0];
    /** Finds a new run's last finite weights in the background (a failed run's are read backwards). */
    private LatestRequest<LastFiniteWeights> startRequests;
    /** The user (or the current snapshot) chose the iteration: the background search no longer moves it. */
    private boolean iterationChosen;

    /** The index in {@code iterations} of {@code run}'s last recorded weights that are all finite. */
    private record LastFiniteWeights(Run run, long[] iterations, int index) {
    }
    private double charWidth;
    private double lineHeight;
    /** The run and activation tensor whose units the controls offer (set before a unit is chosen). */
    private Run run;
    private TensorSeries tensor;
    /** The operator whose units are offered: the tensor's node, or one without recorded activations. */
    private String node;
    private NeuronLayout layout;
    /** The chosen neuron; null while only a tensor is chosen. */
    private CreditTarget target;
    /** The request last sent to the job, so that the same request is not computed twice. */
    private Asked requested;
    /** The user's inputs to explain on, or null for the run's recorded probe inputs. */
    private InputChoice userInputs;
    /** A request that waits for the view to become visible. */
    private boolean dirty;
    /** The last selection element taken from the workbench, so that a re-posted one is ignored. */
    private Object lastSelection;
    private Shown shown;
    private LatestRequest<Shown> requests;
    private final CreditGraphProvider provider = new CreditGraphProvider();
    private final ISelectionListener selectionListener = this::selectionChanged;
    private final IPartListener2 visibility = new IPartListener2() {
        @Override
        public void partVisible(IWorkbenchPartReference ref) {
            if (ref.getPart(false) == CreditView.this && dirty) {
                recompute();
            }
        }
    };
    /** A closed run's neuron is not explained any longer: its files are released. */
    /** The iteration slider follows the workbench's current snapshot (set by the Training Overview). */
    private final CurrentIteration.Listener iterationListener = this::followIteration;
    private final RunManager.Listener runListener = (closed, change) -> {
        if (change == RunManager.Change.CLOSED && !stack.isDisposed()) {
            stack.getDisplay().asyncExec(() -> {
                if (!stack.isDisposed() && run == closed) {
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
        startRequests = new LatestRequest<>(canvas, this::moveToLastFiniteWeights,
                e -> setStatus("Could not check which recorded weights are finite: " + e.getMessage()));
        measureFont();
        stackLayout.topControl = emptyHint;
        createActions();
        getSite().getPage().addPostSelectionListener(selectionListener);
        getSite().getPage().addPartListener(visibility);
        RunManager.getInstance().addListener(runListener);
        CurrentIteration.getInstance().addListener(iterationListener);
        showSelection(getSite().getPage().getSelection());
    }

    /**
     * "Explain with inputs from…" a file (.npy, .npz, an image) or a folder (of images or .npy
     * files), and back to the recorded probe inputs. Only the choice is made here: the job loads.
     */
    private void createActions() {
        IToolBarManager bar = getViewSite().getActionBars().getToolBarManager();
        IMenuManager menu = getViewSite().getActionBars().getMenuManager();
        Action file = new Action("Explain with inputs from a file…") {
            @Override
            public void run() {
                FileDialog d = new FileDialog(stack.getShell(), SWT.OPEN);
                d.setText("Explain with inputs from…");
                d.setFilterExtensions(new String[] { "*.npy;*.npz;*.png;*.jpg;*.jpeg", "*.*" });
                d.setFilterNames(new String[] { "Arrays and images (npy, npz, PNG, JPEG)", "All files" });
                String path = d.open();
                if (path != null) {
                    chooseInputs(Path.of(path));
                }
            }
        };
        file.setToolTipText("Explain the neuron on your own inputs: an .npy or .npz array of the network's input "
                + "shape, or a PNG/JPEG image");
        Action folder = new Action("Explain with inputs from a folder…") {
            @Override
            public void run() {
                DirectoryDialog d = new DirectoryDialog(stack.getShell());
                d.setText("Explain with inputs from a folder of images or .npy arrays");
                String path = d.open();
                if (path != null) {
                    chooseInputs(Path.of(path));
                }
            }
        };
        Action probeInputs = new Action("Explain on the recorded probe inputs") {
            @Override
            public void run() {
                userInputs = null;
                source.select(0);
                probe.setEnabled(layout != null && layout.hasProbeAxis());
                recompute();
            }
        };
        bar.add(file);
        menu.add(file);
        menu.add(folder);
        menu.add(probeInputs);
    }

    /** Takes {@code path} as the inputs to explain on, asking how images are normalised unless it is an array. */
    private void chooseInputs(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        ImageOptions images = ImageOptions.SCALED;
        if (!name.endsWith(".npy") && !name.endsWith(".npz")) {
            ImageOptionsDialog d = new ImageOptionsDialog(stack.getShell());
            if (d.open() != org.eclipse.jface.window.Window.OK) {
                return;
            }
            images = d.options();
        }
        useInputs(path, images);
    }

    /**
     * Explains on the inputs in {@code path} (an npy or npz array, an image or a folder of them,
     * resized to the network's input and normalised by {@code images}) instead of the recorded
     * probe inputs, for the current run; they are loaded in the job, and a bad file is reported in
     * the view.
     */
    public void useInputs(Path path, ImageOptions images) {
        userInputs = new InputChoice(path, images);
        source.select(0);
        probe.setEnabled(false); // all of the user's inputs are explained together
        if (target == null) {
            setStatus("Inputs from " + path + " are used once a neuron is chosen.");
        }
        recompute();
    }

    /** The status line; its tooltip holds the whole text when the line is cut off. */
    private void setStatus(String text) {
        status.setText(text);
        status.setToolTipText(text);
    }

    private void clear() {
        requests.cancel();
        lastSelection = null;
        run = null;
        tensor = null;
        node = null;
        layout = null;
        target = null;
        requested = null;
        userInputs = null;
        dirty = false;
        shown = null;
        showGraph(null);
        inputs.clear();
        stackLayout.topControl = emptyHint;
        stack.layout();
        setContentDescription("");
    }

    private void createControls(Composite parent) {
        Composite row = ControlRow.create(parent);
        Composite unitGroup = ControlRow.labelled(row, "Neuron:", 4);
        unit = new Spinner(unitGroup, SWT.BORDER);
        unit.setToolTipText("The unit to explain, counted within one probe input (a dense layer's unit, or "
                + "channel × y × x of a convolution)");
        unitName = new Label(unitGroup, SWT.NONE);
        GridDataFactory.fillDefaults().hint(130, SWT.DEFAULT).applyTo(unitName);
        explain = new Button(unitGroup, SWT.PUSH);
        explain.setText("Explain");
        explain.setToolTipText("Compute the credit of this unit");
        source = new Combo(ControlRow.labelled(row, "Inputs:", 2), SWT.READ_ONLY);
        // wide enough for the longest text it will show, "training batch at iteration 1234567"
        source.setItems(PROBE_SET, TRAINING_BATCH + " at iteration 1234567");
        GridDataFactory.swtDefaults().hint(source.computeSize(SWT.DEFAULT, SWT.DEFAULT).x, SWT.DEFAULT).applyTo(source);
        source.setItem(1, TRAINING_BATCH);
        source.select(0);
        source.setToolTipText("Explain the neuron on the recorded probe inputs, or on the training batch of the "
                + "iteration (its samples ranked by how much they drive the neuron: which training images did it)");
        probe = new Combo(ControlRow.labelled(row, "Over:", 2), SWT.READ_ONLY);
        probe.setToolTipText("Average the credit over every probe input, or explain the neuron on one of them");
        direction = new Combo(ControlRow.labelled(row, "Direction:", 2), SWT.READ_ONLY);
        direction.setItems("Forward: LRP", "Backward: gradient");
        direction.select(0);
        rule = new Combo(ControlRow.labelled(row, "Rules:", 2), SWT.READ_ONLY);
        Composites.NAMES.forEach(n -> rule.add(CompositeNames.name(n)));
        rule.select(0);
        rule.setToolTipText(CompositeNames.description(Composites.NAMES.get(0)));
        Composite iterationGroup = ControlRow.labelled(row, "Iteration:", 3);
        iteration = new Slider(iterationGroup, SWT.HORIZONTAL);
        GridDataFactory.fillDefaults().hint(180, SWT.DEFAULT).applyTo(iteration);
        iteration.setToolTipText("The recorded weights to explain with; starts at the last iteration whose weights "
                + "are all finite");
        iterationText = new Label(iterationGroup, SWT.NONE);
        GridDataFactory.fillDefaults().hint(70, SWT.DEFAULT).applyTo(iterationText);
        topK = new Spinner(ControlRow.labelled(row, "Top:", 2), SWT.BORDER);
        topK.setValues(5, 1, 50, 0, 1, 5);
        unit.addListener(SWT.Selection, e -> unitName.setText(layout == null ? "" : layout.describeUnit(unit.getSelection())));
        unit.addListener(SWT.DefaultSelection, e -> chooseUnit());
        explain.addListener(SWT.Selection, e -> chooseUnit());
        probe.addListener(SWT.Selection, e -> {
            if (target != null) {
                setTarget(new CreditTarget(run, tensor, target.nodeId(), layout, target.unit(), probe.getSelectionIndex() - 1));
            }
        });
        source.addListener(SWT.Selection, e -> {
            if (onTrainingBatch()) {
                userInputs = null; // the batch replaces the user's inputs as the probe set does
            }
            probe.setEnabled(!onTrainingBatch() && userInputs == null && layout != null && layout.hasProbeAxis());
            recompute();
        });
        direction.addListener(SWT.Selection, e -> {
            rule.setEnabled(direction.getSelectionIndex() == 0);
            recompute();
        });
        rule.addListener(SWT.Selection, e -> {
            rule.setToolTipText(CompositeNames.description(Composites.NAMES.get(rule.getSelectionIndex())));
            recompute();
        });
        topK.addListener(SWT.Selection, e -> recompute());
        iteration.addListener(SWT.Selection, e -> {
            iterationChosen = true;
            iterationText.setText(iterations.length == 0 ? "" : Long.toString(currentIteration()));
            recompute();
        });
    }

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
     * Takes a {@link NeuronSelection} (its first unit, on its probe input or all of them) as the
     * neuron to explain, and an activation {@link TensorSeries} as the tensor whose unit the user
     * picks in the view; the same selection posted again, and other selections, change nothing.
     */
    public void showSelection(ISelection selection) {
        if (!(selection instanceof IStructuredSelection s) || s.isEmpty()) {
            return;
        }
        Object element = s.getFirstElement();
        if (sameSelection(element, lastSelection)) {
            return;
        }
        if (element instanceof NeuronSelection n && n.units().length > 0) {
            Run r = n.run() != null ? n.run() : runOf(n.tensor());
            if (!isOpen(r)) {
                return; // a selection left behind by a closed run (another view's last post): nothing to read
            }
            Optional<CreditTarget> t = CreditTarget.of(r, n.tensor(), n.units()[0], n.probe());
            if (t.isPresent()) {
                lastSelection = element;
                setTensor(r, n.tensor());
                setTarget(t.get());
            }
        } else if (element instanceof NetworkNode nn && nn.node().kind() == NodeKind.OPERATOR && isOpen(nn.run())) {
            lastSelection = element;
            Optional<TensorSeries> recorded = nn.run().tensors().stream()
                    .filter(t -> t.kind() == TensorKind.ACTIVATION && t.nodeId().equals(nn.node().id())).findFirst();
            if (recorded.isPresent()) {
                setTensor(nn.run(), recorded.get());
            } else {
                setNode(nn.run(), nn.node().id());
            }
            setStatus("Pick a unit of " + nn.node().id() + " and press Explain"
                    + (nn.run().probeInputs().isPresent() ? "."
                            : "; the run has no recorded inputs: give some with \"Explain with inputs from\"."));
        } else if (element instanceof TensorSeries t && t.kind() == TensorKind.ACTIVATION) {
            Run r = runOf(t);
            if (r != null && r.graph().node(t.nodeId()).isPresent()) {
                lastSelection = element;
                if (t != tensor) {
                    setTensor(r, t);
                    setStatus("Choose a neuron of " + t.id() + " in Training Dynamics, or pick a unit above and "
                            + "press Explain.");
                }
            }
        }
    }

    private static boolean sameSelection(Object a, Object b) {
        if (a instanceof NeuronSelection x && b instanceof NeuronSelection y) {
            return x.run() == y.run() && x.tensor() == y.tensor() && x.probe() == y.probe()
                    && java.util.Arrays.equals(x.units(), y.units());
        }
        return a != null && (a == b || a instanceof NetworkNode && a.equals(b));
    }

    private static Run runOf(TensorSeries tensor) {
        return RunManager.getInstance().runs().stream().filter(r -> r.tensors().contains(tensor)).findFirst()
                .orElse(null);
    }

    private static boolean isOpen(Run r) {
        return r != null && RunManager.getInstance().runs().contains(r);
    }

    /**
     * Offers the units of {@code t} without explaining any yet; a new run moves the iteration slider
     * to its last iteration whose weights are all finite.
     */
    private void setTensor(Run r, TensorSeries t) {
        if (t == tensor && r == run) {
            return;
        }
        requests.cancel();
        if (r != run) {
            userInputs = null; // another run takes other inputs
            iterations = RunParameterSource.parameterIterations(r);
            // the last recorded weights until the background search finds the last finite ones:
            // it reads parameter records, which must not happen on the UI thread
            iteration.setValues(Math.max(0, iterations.length - 1), 0, Math.max(1, iterations.length), 1, 1,
                    Math.max(1, iterations.length / 10));
            iteration.setEnabled(iterations.length > 1);
            iterationText.setText(iterations.length == 0 ? "" : Long.toString(currentIteration()));
            iterationChosen = false;
            long[] its = iterations;
            startRequests.submit("Last finite weights of " + r.name(), 0,
                    monitor -> new LastFiniteWeights(r, its, RunParameterSource.lastFiniteIndex(r, its)));
        }
        run = r;
        tensor = t;
        node = t == null ? null : t.nodeId();
        layout = t == null ? null : NeuronLayout.of(r, t);
        target = null;
        requested = null;
        dirty = false;
        shown = null;
        showGraph(null);
        inputs.clear();
        probe.removeAll();
        probe.add("all probe inputs");
        if (layout != null) {
            unit.setValues(0, 0, Math.max(0, layout.unitCount() - 1), 0, 1, Math.max(1, layout.unitCount() / 10));
            unitName.setText(layout.describeUnit(0));
            for (int p = 0; p < layout.probeCount(); p++) {
                probe.add("probe input " + p);
            }
        }
        probe.select(0);
        probe.setEnabled(layout != null && layout.hasProbeAxis() && userInputs == null && !onTrainingBatch());
        stackLayout.topControl = content;
        stack.layout();
        if (t != null) {
            setContentDescription(r.name() + ": " + t.id());
        }
        content.layout(true, true);
    }

    /**
     * Offers the units of an operator whose activations were not recorded (an ONNX model): how many
     * it has is known only once the network runs, so any unit can be typed and the engine says
     * when it is out of range.
     */
    private void setNode(Run r, String nodeId) {
        setTensor(r, null);
        requests.cancel();
        node = nodeId;
        target = null;
        requested = null;
        shown = null;
        showGraph(null);
        inputs.clear();
        unit.setValues(0, 0, Integer.MAX_VALUE, 0, 1, 10);
        unitName.setText("");
        setContentDescription(r.name() + ": " + nodeId);
    }

    /** The unit typed in the spinner, on the probe input of the "Over" combo, is the neuron to explain. */
    private void chooseUnit() {
        if (run != null && tensor == null && node != null) {
            setTarget(CreditTarget.ofNode(run, node, unit.getSelection()));
            return;
        }
        if (tensor == null || layout == null) {
            return;
        }
        CreditTarget.of(run, tensor, unit.getSelection(), probe.getSelectionIndex() - 1).ifPresent(this::setTarget);
    }

    /** Explains {@code t} (when the view is visible; otherwise as soon as it is). */
    public void show(CreditTarget t) {
        setTensor(t.run(), t.tensor());
        setTarget(t);
    }

    private void setTarget(CreditTarget t) {
        target = t;
        unit.setSelection(t.unit());
        unitName.setText(layout == null ? "" : layout.describeUnit(t.unit()));
        probe.select(t.probe() + 1);
        setContentDescription(t.run().name() + ": " + t.describe());
        recompute();
    }

    /**
     * Moves the slider to the recorded weights at or before the current snapshot of this view's run
     * (the first recorded ones when it lies before them) and explains again.
     */
    private void followIteration(CurrentIteration.Snapshot s) {
        if (iteration.isDisposed() || s.run() != run || iterations.length == 0) {
            return;
        }
        int index = 0;
        for (int i = 0; i < iterations.length && iterations[i] <= s.iteration(); i++) {
            index = i;
        }
        iterationChosen = true;
        if (index != iteration.getSelection()) {
            iteration.setSelection(index);
            iterationText.setText(Long.toString(currentIteration()));
            recompute();
        }
    }

    /**
     * A new run starts at its last iteration whose weights are all finite (a failed run's last
     * weights explain nothing): moves the slider there and explains again, unless another run is
     * shown by now or the iteration was chosen meanwhile.
     */
    private void moveToLastFiniteWeights(LastFiniteWeights found) {
        if (iteration.isDisposed() || found.run() != run || found.iterations() != iterations || iterationChosen
                || found.index() < 0 || found.index() == iteration.getSelection()) {
            return;
        }
        iteration.setSelection(found.index());
        iterationText.setText(Long.toString(currentIteration()));
        recompute();
    }

    /** Whether the neuron is explained on the training batch rather than the probe set. */
    private boolean onTrainingBatch() {
        return source.getSelectionIndex() == 1;
    }

    /**
     * Explains on the training batch of the chosen iteration ({@code true}) or on the probe set,
     * as the "Inputs" choice does (tests, and other views that want the batch).
     */
    public void useTrainingBatch(boolean batch) {
        if (batch) {
            userInputs = null;
        }
        source.select(batch ? 1 : 0);
        probe.setEnabled(!batch && layout != null && layout.hasProbeAxis());
        recompute();
    }

    /** The model on display, or null (tests). */
    public CreditGraphModel currentModel() {
        return shown == null ? null : shown.model();
    }

    /** The iteration whose recorded weights are explained (tests). */
    public long explainedIteration() {
        return iterations.length == 0 ? -1 : currentIteration();
    }

    private long currentIteration() {
        return iterations[Math.min(iteration.getSelection(), iterations.length - 1)];
    }

    private void recompute() {
        if (target == null || canvas.isDisposed()) {
            return;
        }
        if (iterations.length == 0) {
            setStatus("The run has no recorded weights: credit needs the network's parameters.");
            return;
        }
        if (!getSite().getPage().isPartVisible(this)) {
            dirty = true; // computed when the view is shown
            return;
        }
        dirty = false;
        long it = currentIteration();
        iterationText.setText(Long.toString(it));
        boolean batch = onTrainingBatch();
        if (batch) {
            // the batch recorded at or before the chosen weights (both recorders store it with them)
            long batchIteration = CreditGraphProvider.batchIterationAtOrBefore(run, it);
            source.setItem(1, batchIteration >= 0 ? TRAINING_BATCH + " at iteration " + batchIteration
                    : TRAINING_BATCH + " (none recorded)");
            source.select(1);
            it = batchIteration >= 0 ? batchIteration : it; // none: the provider says which iterations have one
        }
        CreditGraphRequest settings = CreditGraphRequest.of(target,
                direction.getSelectionIndex() == 0 ? Direction.FORWARD : Direction.BACKWARD,
                Composites.NAMES.get(Math.max(0, rule.getSelectionIndex())), it, topK.getSelection())
                .withTrainingBatch(batch);
        Asked asked = new Asked(settings, userInputs);
        if (asked.equals(requested)) {
            return;
        }
        requested = asked;
        InputChoice choice = userInputs;
        Run r = run;
        setStatus("Computing the credit of " + target.describe() + " at iteration " + it
                + (choice == null ? "" : " on the inputs from " + choice.path())
                + (batch ? " on its training batch" : "") + "…");
        double cw = charWidth;
        double lh = lineHeight;
        // a short delay lets a dragged slider settle: each newer request cancels this one before it starts
        requests.submit("Neuron credit of " + target.describe(), 100,
                monitor -> {
                    CreditGraphRequest request = choice == null ? settings
                            : settings.withInputs(InputSets.load(choice.path(), choice.images(),
                                    RunInputs.sampleShape(r).orElse(null)));
                    CreditGraphModel model = provider.compute(request, monitor);
                    return new Shown(model, CreditGraphLayout.layout(model.graph(), cw, lh));
                });
    }

    private void failed(Exception failure) {
        String where = target == null ? null : target.run().name() + "/" + target.describe();
        setStatus(FailureMessage.of("Neuron credit", where, failure));
        showGraph(null);
        inputs.clear();
        shown = null;
    }

    private void display(Shown outcome) {
        shown = outcome;
        CreditGraphModel model = outcome.model();
        showGraph(CreditFigures.build(model.graph(), outcome.layout()));
        inputs.show(model);
        CreditGraph g = model.graph();
        setStatus(model.method() + (model.batchRanking() != null ? " · on " + model.inputSource() : "")
                + " · " + g.layerIds().size() + " layers, " + g.nodes().size()
                + " neurons · red: positive, blue: negative, width: |credit|"
                + (model.warnings().isEmpty() ? "" : " · " + String.join("; ", model.warnings())));
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
        return shown == null ? null : shown.model().graph();
    }

    /** True while a computation is scheduled or running (tests). */
    public boolean busy() {
        return requests.busy() || startRequests.busy();
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
        getSite().getPage().removePartListener(visibility);
        RunManager.getInstance().removeListener(runListener);
        CurrentIteration.getInstance().removeListener(iterationListener);
        requests.cancel();
        startRequests.cancel();
        super.dispose();
    }
}
