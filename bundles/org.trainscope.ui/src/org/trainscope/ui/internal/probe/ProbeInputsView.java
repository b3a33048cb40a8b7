package org.trainscope.ui.internal.probe;

import org.trainscope.core.model.ProbeImageLayout;
import java.util.List;
import java.util.Optional;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.ISelectionListener;
import org.eclipse.ui.IWorkbenchPart;
import org.eclipse.ui.part.ViewPart;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.navigator.SelectedRuns;
import org.trainscope.ui.internal.navigator.TensorText;

/**
 * The probe inputs of the run selected in the Runs view (the fixed inputs whose activations are
 * recorded), drawn as a grid of pictures with their labels, so that a neuron's values on
 * "probe input 5" can be looked at. How a shape is read as pictures: {@link ProbeImageLayout};
 * how values become pixels (and where NaN/Inf are): {@link ProbePictures}. Hover for a pixel's
 * value. Reading happens in a job.
 */
public class ProbeInputsView extends ViewPart {
    public static final String ID = "org.trainscope.ui.views.probeInputs";
    private static final int GAP = 10;
    private static final String HINT = "Select a run with probe inputs in the Runs view (double-click its "
            + "\"Probe inputs\") to see them as pictures.";

    private Label header;
    private ScrolledComposite scroller;
    private Canvas grid;
    private Run run;
    private Loaded loaded;
    private Image[] images = new Image[0];
    private int zoom = 1;
    private int lineHeight;
    private LatestRequest<Loaded> requests;
    private final ISelectionListener selectionListener = this::selectionChanged;
    private final RunManager.Listener runListener = (closed, change) -> {
        if (change == RunManager.Change.CLOSED && !grid.isDisposed()) {
            grid.getDisplay().asyncExec(() -> {
                if (!grid.isDisposed() && closed == run) {
                    show(null);
                }
            });
        }
    };

    /** A probe batch read and drawn. */
    private record Loaded(Run run, TensorSeries inputs, float[] values, Optional<ProbePictures> pictures) {
    }

    @Override
    public void createPartControl(Composite parent) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        header = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(200, SWT.DEFAULT).applyTo(header);
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(scroller);
        grid = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
        grid.setBackground(parent.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        scroller.setContent(grid);
        scroller.setExpandHorizontal(true);
        scroller.setExpandVertical(true);
        scroller.addListener(SWT.Resize, e -> relayout());
        grid.addListener(SWT.Paint, this::paint);
        grid.addListener(SWT.MouseMove, this::hover);
        GC gc = new GC(grid);
        lineHeight = gc.getFontMetrics().getHeight();
        gc.dispose();
        requests = new LatestRequest<>(grid, this::display, failure -> {
            loaded = null;
            disposeImages();
            header.setText("Cannot read the probe inputs of " + run.name() + ": " + failure.getMessage());
            relayout();
        });
        getSite().getPage().addPostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, selectionListener);
        RunManager.getInstance().addListener(runListener);
        List<Run> selected = SelectedRuns.of(getSite().getPage().getSelection(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID));
        show(selected.stream().filter(r -> r.probeInputs().isPresent()).findFirst().orElse(null));
    }

    private void selectionChanged(IWorkbenchPart part, ISelection selection) {
        SelectedRuns.of(selection).stream().filter(r -> r.probeInputs().isPresent()).findFirst()
                .filter(r -> r != run).ifPresent(this::show);
    }

    /** Shows the probe inputs of {@code r} (null: none). */
    public void show(Run r) {
        run = r;
        loaded = null;
        disposeImages();
        if (r == null || r.probeInputs().isEmpty()) {
            requests.cancel();
            setContentDescription(r == null ? "" : r.name());
            header.setText(r == null ? HINT : r.name() + " has no probe inputs.");
            relayout();
            return;
        }
        TensorSeries inputs = r.probeInputs().get();
        setContentDescription(r.name());
        header.setText("Reading the probe inputs " + TensorText.shape(inputs.shape()) + "…");
        requests.submit("Probe inputs of " + r.name(), 0, monitor -> {
            float[] values = new float[inputs.neuronCount()];
            inputs.readSnapshot(Math.max(0, inputs.iterationCount() - 1), values);
            return new Loaded(r, inputs, values,
                    ProbeImageLayout.of(inputs.shape()).map(layout -> ProbePictures.of(layout, values)));
        });
    }

    private void display(Loaded result) {
        if (result.run() != run) {
            return;
        }
        loaded = result;
        disposeImages();
        if (result.pictures().isEmpty()) {
            header.setText("The probe inputs " + TensorText.shape(result.inputs().shape())
                    + " are not pictures: no shape [P, H, W], [P, C, H, W] or [P, N] with N a square (or 3 squares).");
            relayout();
            return;
        }
        ProbePictures p = result.pictures().get();
        images = new Image[p.images().length];
        for (int i = 0; i < images.length; i++) {
            images[i] = new Image(grid.getDisplay(), p.images()[i]);
        }
        int largest = Math.max(p.layout().height(), p.images()[0].width);
        zoom = Math.max(1, Math.min(16, 96 / largest)); // small pictures drawn about 96 pixels wide
        int bad = java.util.Arrays.stream(p.nonFinite()).sum();
        header.setText(p.layout().count() + " probe inputs " + p.layout().reading() + (zoom > 1 ? ", drawn ×" + zoom
                : "") + ". Brightness: " + format(p.low()) + " (black) … " + format(p.high())
                + " (white), the same for all." + (bad > 0 ? " Magenta: NaN, red: ±Inf (" + bad + " values)." : "")
                + (run.probeLabels().length > 0 ? " Under each: its index and label." : " Under each: its index."));
        relayout();
    }

    private static String format(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    private Point cell() {
        if (images.length == 0) {
            return new Point(0, 0);
        }
        Rectangle b = images[0].getBounds();
        return new Point(Math.max(b.width * zoom, 40), b.height * zoom + 2 * lineHeight + 4);
    }

    private int columns() {
        Point c = cell();
        int width = scroller.getClientArea().width;
        return Math.max(1, (width - GAP) / (c.x + GAP));
    }

    private void relayout() {
        if (grid.isDisposed()) {
            return;
        }
        header.getParent().layout(true);
        Point c = cell();
        int cols = columns();
        int rows = images.length == 0 ? 0 : (images.length + cols - 1) / cols;
        scroller.setMinSize(images.length == 0 ? 0 : cols * (c.x + GAP) + GAP, rows * (c.y + GAP) + GAP);
        grid.redraw();
    }

    private Point origin(int index) {
        Point c = cell();
        int cols = columns();
        return new Point(GAP + (index % cols) * (c.x + GAP), GAP + (index / cols) * (c.y + GAP));
    }

    private void paint(Event e) {
        if (loaded == null || images.length == 0) {
            return;
        }
        GC gc = e.gc;
        gc.setInterpolation(SWT.NONE);
        int[] labels = run.probeLabels();
        int[] nonFinite = loaded.pictures().get().nonFinite();
        for (int i = 0; i < images.length; i++) {
            Point o = origin(i);
            Rectangle b = images[i].getBounds();
            gc.drawImage(images[i], 0, 0, b.width, b.height, o.x, o.y, b.width * zoom, b.height * zoom);
            gc.setForeground(grid.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.drawText("#" + i + (i < labels.length ? " · label " + labels[i] : ""), o.x, o.y + b.height * zoom + 2,
                    true);
            if (nonFinite[i] > 0) {
                gc.setForeground(grid.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
                gc.drawText(nonFinite[i] + " NaN/Inf", o.x, o.y + b.height * zoom + 2 + lineHeight, true);
            }
        }
    }

    private void hover(Event e) {
        String tip = null;
        if (loaded != null && images.length > 0) {
            ProbeImageLayout l = loaded.pictures().get().layout();
            for (int i = 0; i < images.length && tip == null; i++) {
                Point o = origin(i);
                Rectangle b = images[i].getBounds();
                if (e.x >= o.x && e.y >= o.y && e.x < o.x + b.width * zoom && e.y < o.y + b.height * zoom) {
                    int[] labels = run.probeLabels();
                    String at = ProbePictures.describeAt(l, loaded.values(), i, (e.x - o.x) / zoom, (e.y - o.y) / zoom);
                    tip = "probe input " + i + (i < labels.length ? ", label " + labels[i] : "")
                            + (at == null ? "" : "\n" + at);
                }
            }
        }
        if (!java.util.Objects.equals(tip, grid.getToolTipText())) {
            grid.setToolTipText(tip);
        }
    }

    private void disposeImages() {
        for (Image i : images) {
            i.dispose();
        }
        images = new Image[0];
    }

    /** The run whose probe inputs are on display, or null (tests). */
    public Run shownRun() {
        return loaded == null ? null : loaded.run();
    }

    /** The pictures on display, or null when none are (tests). */
    public ProbePictures pictures() {
        return loaded == null ? null : loaded.pictures().orElse(null);
    }

    /** The text above the pictures: how the shape was read, the value mapping (tests). */
    public String headerText() {
        return header.getText();
    }

    /** True while the inputs are being read (tests). */
    public boolean busy() {
        return requests.busy();
    }

    @Override
    public void setFocus() {
        grid.setFocus();
    }

    @Override
    public void dispose() {
        getSite().getPage().removePostSelectionListener(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID, selectionListener);
        RunManager.getInstance().removeListener(runListener);
        requests.cancel();
        disposeImages();
        super.dispose();
    }
}
