package org.trainscope.ui.graph.internal;

import org.trainscope.algorithms.credit.provider.SnapshotLayout;
import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.draw2d.Layer;
import org.eclipse.draw2d.ScalableLayeredPane;
import org.eclipse.draw2d.StackLayout;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.trainscope.core.snapshot.SnapshotGraphModel;

/**
 * The view's draw2d canvas: the {@link SnapshotFigure} scaled to the view so the whole network is
 * seen (never below {@link #MIN_SCALE}, where the node titles stop being legible: then it scrolls),
 * and scaled up in a large view (up to {@link #MAX_SCALE}), so the small data-flow charts inside the
 * nodes grow with the room there is instead of leaving it empty.
 */
public final class SnapshotCanvas {
    public static final double MIN_SCALE = 0.45;
    public static final double MAX_SCALE = 2.0;
    private final FigureCanvas canvas;
    private final ScalableLayeredPane pane = new ScalableLayeredPane();
    private final SnapshotFigure figure = new SnapshotFigure();
    private SnapshotLayout.Placed placed;

    public SnapshotCanvas(Composite parent) {
        canvas = new FigureCanvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        pane.setLayoutManager(new StackLayout());
        Layer layer = new Layer();
        layer.setLayoutManager(new StackLayout());
        layer.add(figure);
        pane.add(layer);
        canvas.setContents(pane);
        canvas.addListener(SWT.Resize, e -> fit());
    }

    public Control control() {
        return canvas;
    }

    public SnapshotFigure figure() {
        return figure;
    }

    public void show(SnapshotGraphModel model, SnapshotLayout.Placed p, String selected) {
        show(model, p, selected, null, false);
    }

    /** Shows {@code model} compared with {@code comparison}'s second run (null: alone). */
    public void show(SnapshotGraphModel model, SnapshotLayout.Placed p, String selected,
            org.trainscope.core.snapshot.SnapshotComparison comparison, boolean differenceMode) {
        placed = p;
        figure.show(model, p, selected, comparison, differenceMode);
        fit();
    }

    /** The scale that shows the whole drawing, between {@link #MIN_SCALE} and {@link #MAX_SCALE}. */
    private void fit() {
        if (placed == null || canvas.isDisposed()) {
            return;
        }
        org.eclipse.swt.graphics.Rectangle area = canvas.getClientArea();
        double scale = 1;
        if (area.width > 0 && area.height > 0 && placed.width() > 0 && placed.height() > 0) {
            scale = Math.min(MAX_SCALE, Math.min(area.width / placed.width(), area.height / placed.height()));
        }
        pane.setScale(Math.max(MIN_SCALE, scale));
        figure.setPreferredSize((int) Math.ceil(placed.width()), (int) Math.ceil(placed.height()));
        pane.revalidate();
    }

    public double scale() {
        return pane.getScale();
    }

    public Point size() {
        org.eclipse.swt.graphics.Rectangle r = canvas.getClientArea();
        return new Point(r.width, r.height);
    }
}
