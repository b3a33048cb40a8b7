package org.trainscope.ui.overview;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewPainter;
import org.trainscope.core.model.Run;
import org.trainscope.ui.SwtPainter;

/**
 * Draws a {@link MetricOverviewModel} through {@link MetricOverviewPainter}, the painter that also
 * writes exported figures, into an image once per model and current iteration, so a repaint is one
 * blit. Gestures become requests: the wheel zooms the iteration range around the pointer (as in
 * Training Dynamics), double-click shows every iteration, a click picks the iteration under the
 * pointer (of the run whose line is nearest).
 */
final class OverviewCanvas {
    /** A click on the chart: the run whose line is nearest and the iteration under the pointer. */
    record Pick(Run run, long iteration) {
    }

    private final Canvas canvas;
    private MetricOverviewModel model;
    private long current = Long.MIN_VALUE;
    private Image image;
    private final List<Consumer<long[]>> rangeListeners = new ArrayList<>();
    private final List<Consumer<Pick>> pickListeners = new ArrayList<>();
    /** The whole recorded range, for double-click (set by the view). */
    private long[] everything = { Long.MIN_VALUE, Long.MAX_VALUE };

    OverviewCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
        canvas.addListener(SWT.MouseUp, this::click);
        canvas.addListener(SWT.MouseDoubleClick, e -> fireRange(everything[0], everything[1]));
        canvas.addListener(SWT.Dispose, e -> disposeImage());
    }

    Canvas control() {
        return canvas;
    }

    /** Plot size for the canvas as it is now. */
    Point plotSize() {
        Rectangle r = canvas.getClientArea();
        return new Point(Math.max(8, r.width - MetricOverviewPainter.LEFT - MetricOverviewPainter.RIGHT),
                Math.max(8, r.height - MetricOverviewPainter.TOP - MetricOverviewPainter.BOTTOM));
    }

    MetricOverviewModel model() {
        return model;
    }

    void setModel(MetricOverviewModel m) {
        model = m;
        if (m != null) {
            setEverything(m.recordedFrom(), m.recordedTo());
        }
        repaintImage();
    }

    void setCurrentIteration(long iteration) {
        current = iteration;
        repaintImage();
    }

    void onRangeRequested(Consumer<long[]> l) {
        rangeListeners.add(l);
    }

    void onPicked(Consumer<Pick> l) {
        pickListeners.add(l);
    }

    private void repaintImage() {
        disposeImage();
        if (model != null) {
            image = new Image(canvas.getDisplay(), MetricOverviewPainter.figureWidth(model),
                    MetricOverviewPainter.figureHeight(model));
            GC gc = new GC(image);
            try (SwtPainter painter = new SwtPainter(gc)) {
                gc.setFont(canvas.getFont());
                MetricOverviewPainter.paint(model, current, painter);
            } finally {
                gc.dispose();
            }
        }
        canvas.redraw();
    }

    private void paint(GC gc) {
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(canvas.getClientArea());
        if (image != null) {
            gc.drawImage(image, 0, 0);
        }
    }

    private void wheel(Event e) {
        if (model == null || e.count == 0) {
            return;
        }
        long from = model.from();
        long to = model.to();
        long span = to - from;
        long newSpan = e.count > 0 ? Math.max(4, Math.round(span * 0.7)) : Math.round(Math.ceil(span / 0.7));
        long center = model.iterationAt(e.x - MetricOverviewPainter.LEFT);
        long newFrom = center - newSpan / 2;
        long first = everything[0];
        long last = everything[1];
        // keep within what was recorded
        if (newFrom < first) {
            newFrom = first;
        }
        long newTo = newFrom + newSpan;
        if (newTo > last) {
            newTo = last;
            newFrom = Math.max(first, newTo - newSpan);
        }
        if (newFrom != from || newTo != to) {
            fireRange(newFrom, newTo);
        }
    }

    /** The whole recorded range, which double-click and zooming out return to. */
    private void setEverything(long first, long last) {
        everything = new long[] { first, last };
    }

    private void click(Event e) {
        if (model == null || e.button != 1 || model.series().isEmpty()) {
            return;
        }
        int column = e.x - MetricOverviewPainter.LEFT;
        if (column < 0 || column >= model.width()) {
            return;
        }
        pickListeners.forEach(l -> l.accept(new Pick(nearestRun(column, e.y - MetricOverviewPainter.TOP),
                model.iterationAt(column))));
    }

    /** The run of the series drawn nearest to row {@code y} at {@code column} (the first run when none is drawn there). */
    private Run nearestRun(int column, int y) {
        Run best = model.series().get(0).run();
        int bestDistance = Integer.MAX_VALUE;
        for (MetricOverviewModel.Series s : model.series()) {
            if (s.finiteCount(column) == 0) {
                continue;
            }
            int top = model.rowOf(s.max(column));
            int bottom = model.rowOf(s.min(column));
            int distance = y < top ? top - y : y > bottom ? y - bottom : 0;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = s.run();
            }
        }
        return best;
    }

    private void fireRange(long from, long to) {
        rangeListeners.forEach(l -> l.accept(new long[] { from, to }));
    }

    private void disposeImage() {
        if (image != null) {
            image.dispose();
            image = null;
        }
    }
}
