package org.trainscope.ui.dynamics;

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
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartPainter;
import org.trainscope.algorithms.sampling.provider.DynamicsColours;
import org.trainscope.algorithms.sampling.provider.DynamicsPicking;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.ui.LatestRequest;
import org.trainscope.ui.SwtPainter;

/**
 * Draws a {@link DynamicsChartModel} through {@link DynamicsChartPainter}, the painter that also
 * writes exported figures: the chart is painted once into an image when it arrives, so a repaint
 * costs one blit plus the interactive overlays (selection, hover, tooltip, brush rectangle), which
 * only the canvas has. It turns mouse gestures into requests: wheel zooms the iteration range around the
 * pointer, shift+wheel the value range, drag pans both, shift-drag brushes polylines,
 * double-click shows everything, a click (on the plot or on the iteration axis under it) picks
 * the iteration under the pointer as the current snapshot, which is drawn as a black line.
 * Hovering names the polyline under the pointer, any of all drawn
 * ones, found off the UI thread ({@link DynamicsPicking}); its tooltip is painted on this canvas, so
 * it never outlives the chart it describes.
 */
public final class DynamicsCanvas {
    public static final int LEFT = DynamicsChartPainter.LEFT;
    static final int RIGHT = DynamicsChartPainter.RIGHT;
    public static final int TOP = DynamicsChartPainter.TOP;
    static final int BOTTOM = DynamicsChartPainter.BOTTOM;

    private final Canvas canvas;
    private DynamicsChartModel chart;
    private String caption;
    /**
     * How far right of the canvas' left edge the figure is drawn: a compared run's chart is
     * narrower and placed under the first chart's columns of its first and last iteration.
     */
    private int offset;
    /** The chart as the painter drew it. */
    private Image image;
    private DynamicsPicking.Hover hover;
    private DynamicsPicking.Brush selection;
    private Point dragStart;
    private Point dragNow;
    private boolean brushing;
    private final LatestRequest<DynamicsPicking.Hover> hovers;
    private final LatestRequest<DynamicsPicking.Brush> brushes;
    /** Redraws the selection on a new chart; apart from {@link #brushes} so it never cancels a brush. */
    private final LatestRequest<DynamicsPicking.Brush> reselects;
    private final List<Consumer<int[]>> rangeListeners = new ArrayList<>();
    private final List<Consumer<DynamicsPicking.Brush>> brushListeners = new ArrayList<>();
    private final List<Consumer<double[]>> valueListeners = new ArrayList<>();
    private final List<java.util.function.LongConsumer> iterationListeners = new ArrayList<>();
    /** The current snapshot's iteration, drawn as a line when in range; Long.MIN_VALUE for none. */
    private long currentIteration = Long.MIN_VALUE;
    private Consumer<Exception> failureListener = e -> {
    };

    public DynamicsCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        hovers = new LatestRequest<>(canvas, this::showHover, e -> showHover(null));
        brushes = new LatestRequest<>(canvas, this::selected, e -> failureListener.accept(e));
        reselects = new LatestRequest<>(canvas, this::selected, e -> failureListener.accept(e));
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        canvas.addListener(SWT.MouseMove, e -> mouseMove(shifted(e)));
        canvas.addListener(SWT.MouseExit, e -> clearHover());
        canvas.addListener(SWT.MouseDown, e -> {
            if (e.button == 1 && chart != null) {
                dragStart = new Point(e.x - offset, e.y);
                brushing = (e.stateMask & SWT.SHIFT) != 0;
                clearHover();
            }
        });
        canvas.addListener(SWT.MouseUp, e -> mouseUp(shifted(e)));
        canvas.addListener(SWT.MouseVerticalWheel, e -> wheel(shifted(e)));
        canvas.addListener(SWT.MouseDoubleClick, e -> {
            if (chart != null) {
                valueListeners.forEach(l -> l.accept(new double[] { Double.NaN, Double.NaN }));
                fireRange(0, chart.request().tensor().iterationCount());
            }
        });
        canvas.addListener(SWT.Dispose, e -> {
            hovers.cancel();
            brushes.cancel();
            reselects.cancel();
            disposeImage();
        });
    }

    public Canvas control() {
        return canvas;
    }

    /** The event in the figure's coordinates (the canvas' minus the offset). */
    private Event shifted(Event e) {
        e.x -= offset;
        return e;
    }

    /** Size the chart image should have for the canvas as it is now. */
    public Point chartSize() {
        Rectangle r = canvas.getClientArea();
        return new Point(Math.max(8, r.width - LEFT - RIGHT), Math.max(8, r.height - TOP - BOTTOM));
    }

    /**
     * Shows a chart (null: none). The hover goes; a selection of the same polylines is drawn again
     * on the new range, any other selection goes.
     */
    public void setChart(DynamicsChartModel chart) {
        setChart(chart, 0);
    }

    /** Shows a chart drawn {@code offset} pixels right of the canvas' left edge (a compared run's). */
    public void setChart(DynamicsChartModel chart, int offset) {
        DynamicsChartModel before = this.chart;
        this.chart = chart;
        this.offset = Math.max(0, offset);
        clearHover();
        disposeImage();
        if (chart != null) {
            image = new Image(canvas.getDisplay(), DynamicsChartPainter.figureWidth(chart),
                    DynamicsChartPainter.figureHeight(chart));
            GC gc = new GC(image);
            try (SwtPainter painter = new SwtPainter(gc)) {
                gc.setFont(canvas.getFont());
                DynamicsChartPainter.paint(chart, painter);
            } finally {
                gc.dispose();
            }
        }
        if (selection != null && (chart == null || before == null || !samePolylines(before, chart))) {
            selection = null;
        } else if (selection != null) {
            int[] kept = selection.polylines();
            DynamicsChartModel target = chart;
            reselects.submit("Selected polylines", 0, monitor -> DynamicsPicking.withValues(target, kept, monitor));
        }
        canvas.redraw();
    }

    private static boolean samePolylines(DynamicsChartModel a, DynamicsChartModel b) {
        return a.request().tensor() == b.request().tensor() && a.request().grouping() == b.request().grouping();
    }

    public DynamicsChartModel chart() {
        return chart;
    }

    /**
     * Names the chart in its top margin (null: no name): when two runs are compared, which panel
     * is which run, where the eye is rather than at the end of the view's description.
     */
    public void setCaption(String caption) {
        this.caption = caption;
        canvas.redraw();
    }

    /** The caption drawn, or null (tests). */
    public String caption() {
        return caption;
    }

    /** How many polylines are selected (kept across zooms of the same polylines). */
    public int selectedCount() {
        return selection == null ? 0 : selection.polylines().length;
    }

    /** The painted tooltip's text, or null when nothing is hovered (tests). */
    public String hoverText() {
        return hover == null ? null : hover.text();
    }

    /** Forgets the hovered polyline and stops looking for one. */
    public void clearHover() {
        hovers.cancel();
        if (hover != null) {
            hover = null;
            if (!canvas.isDisposed()) {
                canvas.redraw();
            }
        }
    }

    /** Called with {fromRecord, toRecord} when the user zooms or pans. */
    public void onRangeRequested(Consumer<int[]> l) {
        rangeListeners.add(l);
    }

    /** Called with {low, high} of the value axis when the user zooms or pans it; NaNs mean "all". */
    public void onValueWindowRequested(Consumer<double[]> l) {
        valueListeners.add(l);
    }

    /** Called with the polylines under a brushed rectangle, once they are found. */
    public void onBrushed(Consumer<DynamicsPicking.Brush> l) {
        brushListeners.add(l);
    }

    /** Called with the iteration under a click on the plot or on its iteration axis. */
    public void onIterationPicked(java.util.function.LongConsumer l) {
        iterationListeners.add(l);
    }

    /** Draws the current snapshot's iteration as a vertical line (Long.MIN_VALUE: none). */
    public void setCurrentIteration(long iteration) {
        if (iteration != currentIteration) {
            currentIteration = iteration;
            if (!canvas.isDisposed()) {
                canvas.redraw();
            }
        }
    }

    /** The iteration drawn as the current snapshot, Long.MIN_VALUE for none. */
    public long currentIteration() {
        return currentIteration;
    }

    /**
     * Selects polylines (a group listed beside the chart) as a brush does: they are drawn
     * highlighted and the brush listeners hear of them.
     */
    public void select(int[] polylines) {
        if (chart == null) {
            return;
        }
        DynamicsChartModel target = chart;
        int[] chosen = polylines.clone();
        brushes.submit("Selected polylines", 0, monitor -> DynamicsPicking.withValues(target, chosen, monitor));
    }

    /** Called when finding brushed polylines failed. */
    public void onFailure(Consumer<Exception> l) {
        failureListener = l;
    }

    private void paint(GC gc) {
        Rectangle area = canvas.getClientArea();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillRectangle(area);
        if (chart == null || image == null) {
            return;
        }
        org.eclipse.swt.graphics.Transform shift = new org.eclipse.swt.graphics.Transform(canvas.getDisplay());
        shift.translate(offset, 0);
        gc.setTransform(shift);
        try {
            paintChart(gc);
        } finally {
            gc.setTransform(null);
            shift.dispose();
        }
    }

    /** The chart image and the overlays, in the figure's coordinates. */
    private void paintChart(GC gc) {
        gc.drawImage(image, 0, 0);
        if (caption != null) {
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
            gc.drawText(caption, LEFT, 1, SWT.DRAW_TRANSPARENT);
        }
        int current = currentIteration == Long.MIN_VALUE ? -1 : chart.columnAtIteration(currentIteration);
        if (current >= 0) {
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_BLACK));
            gc.setLineWidth(1);
            gc.drawLine(LEFT + current, TOP, LEFT + current, TOP + chart.height());
        }
        try (SwtPainter painter = new SwtPainter(gc)) {
            if (selection != null && selection.chart() == chart) {
                int width = selection.drawn() > 50 ? 1 : 2; // many thick lines would hide the picture
                for (int i = 0; i < selection.drawn(); i++) {
                    DynamicsChartPainter.paintLine(painter, chart, selection.values(), i * chart.length(),
                            DynamicsColours.SELECTION, 255, width);
                }
            }
            if (hover != null && hover.chart() == chart) {
                DynamicsChartPainter.paintLine(painter, chart, hover.values(), 0, DynamicsColours.HOVER, 255, 3);
                int onset = DynamicsChartModel.onset(hover.values(), 0, chart.length());
                if (onset >= 0) {
                    DynamicsChartPainter.paintOnset(painter, chart, hover.values(), 0, onset);
                }
            }
        }
        if (hover != null && hover.chart() == chart) {
            drawTooltip(gc, hover.text(), LEFT + hover.x(), TOP + hover.y());
        }
        if (dragStart != null && dragNow != null && brushing) {
            int rgb = DynamicsColours.SELECTION;
            gc.setForeground(new org.eclipse.swt.graphics.Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff));
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawRectangle(Math.min(dragStart.x, dragNow.x), Math.min(dragStart.y, dragNow.y),
                    Math.abs(dragNow.x - dragStart.x), Math.abs(dragNow.y - dragStart.y));
            gc.setLineStyle(SWT.LINE_SOLID);
        }
    }

    /** A tooltip painted beside the pointer, kept inside the canvas. */
    private void drawTooltip(GC gc, String text, int x, int y) {
        Rectangle area = canvas.getClientArea();
        Point ext = gc.textExtent(text, SWT.DRAW_DELIMITER);
        int w = ext.x + 10;
        int h = ext.y + 8;
        int left = x + 14 + w <= area.width ? x + 14 : Math.max(0, x - 14 - w);
        int top = y + 18 + h <= area.height ? y + 18 : Math.max(0, y - 10 - h);
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_INFO_BACKGROUND));
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_INFO_FOREGROUND));
        gc.fillRoundRectangle(left, top, w, h, 6, 6);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
        gc.drawRoundRectangle(left, top, w, h, 6, 6);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_INFO_FOREGROUND));
        gc.drawText(text, left + 5, top + 4, SWT.DRAW_DELIMITER | SWT.DRAW_TRANSPARENT);
    }

    private void mouseMove(Event e) {
        if (chart == null) {
            return;
        }
        if (dragStart != null) {
            dragNow = new Point(e.x, e.y);
            canvas.redraw();
            return;
        }
        int x = e.x - LEFT;
        int y = e.y - TOP;
        if (x < 0 || x >= chart.width() || y < 0 || y >= chart.height()) {
            clearHover();
            return;
        }
        if (hover != null && Math.hypot(hover.x() - x, hover.y() - y) > 2 * DynamicsPicking.HOVER_TOLERANCE) {
            hover = null; // a stale answer must not follow the pointer
            canvas.redraw();
        }
        DynamicsChartModel target = chart;
        hovers.submit("Polyline under the pointer", 40, monitor -> DynamicsPicking.hover(target, x, y, monitor));
    }

    private void showHover(DynamicsPicking.Hover found) {
        hover = found != null && found.chart() == chart ? found : null;
        canvas.redraw();
    }

    private void selected(DynamicsPicking.Brush brush) {
        if (brush.chart() != chart) {
            return;
        }
        boolean fresh = selection == null || !java.util.Arrays.equals(selection.polylines(), brush.polylines());
        selection = brush.polylines().length > 0 ? brush : null;
        canvas.redraw();
        if (fresh) {
            brushListeners.forEach(l -> l.accept(brush));
        }
    }

    private void mouseUp(Event e) {
        if (dragStart == null || chart == null) {
            dragStart = null;
            return;
        }
        Point start = dragStart;
        dragStart = null;
        dragNow = null;
        if (brushing) {
            DynamicsChartModel target = chart;
            int x0 = start.x - LEFT;
            int y0 = start.y - TOP;
            int x1 = e.x - LEFT;
            int y1 = e.y - TOP;
            brushes.submit("Brushed polylines", 0, monitor -> DynamicsPicking.brush(target, x0, y0, x1, y1, monitor));
        } else if (Math.abs(e.y - start.y) <= 3 && Math.abs(e.x - start.x) <= 3) {
            pickIteration(e.x - LEFT, e.y - TOP);
        } else {
            if (Math.abs(e.y - start.y) > 3) {
                panValues(e.y - start.y);
            }
            if (Math.abs(e.x - start.x) > 3) {
                pan(e.x - start.x);
            }
        }
        canvas.redraw();
    }

    /** A click on the plot or on the iteration axis below it: the iteration under the pointer. */
    private void pickIteration(int x, int y) {
        if (x < 0 || x >= chart.width() || y < 0 || y >= chart.height() + BOTTOM) {
            return;
        }
        long iteration = chart.iteration(chart.pointAt(x));
        iterationListeners.forEach(l -> l.accept(iteration));
    }

    private void pan(int dx) {
        DynamicsRequest r = chart.request();
        int span = r.toRecord() - r.fromRecord();
        int shift = (int) Math.round(-dx * span / (double) r.width());
        int total = r.tensor().iterationCount();
        int from = Math.max(0, Math.min(total - span, r.fromRecord() + shift));
        fireRange(from, from + span);
    }

    /** Moves the value window by a vertical drag of {@code dy} pixels. */
    private void panValues(int dy) {
        double shift = dy / (double) (chart.height() - 1);
        fireValues(chart.axis().value(shift), chart.axis().value(1 + shift));
    }

    private void fireValues(double low, double high) {
        valueListeners.forEach(l -> l.accept(new double[] { Math.min(low, high), Math.max(low, high) }));
    }

    private void wheel(Event e) {
        if (chart == null || e.count == 0) {
            return;
        }
        if ((e.stateMask & SWT.SHIFT) != 0) {
            double center = 1 - Math.max(0, Math.min(1, (e.y - TOP) / (double) (chart.height() - 1)));
            double half = (e.count > 0 ? 0.7 : 1 / 0.7) / 2;
            fireValues(chart.axis().value(center - half), chart.axis().value(center + half));
            return;
        }
        DynamicsRequest r = chart.request();
        int total = r.tensor().iterationCount();
        int span = r.toRecord() - r.fromRecord();
        int newSpan = e.count > 0 ? Math.max(4, (int) Math.round(span * 0.7)) : Math.min(total,
                (int) Math.ceil(span / 0.7));
        // the record under the pointer stays under it (repeated notches zoom into one place)
        int point = chart.pointAt(Math.max(0, e.x - LEFT));
        int anchor = chart.recordAt(point);
        double share = chart.length() > 1 ? point / (double) (chart.length() - 1) : 0.5;
        int from = Math.max(0, Math.min(total - newSpan, anchor - (int) Math.round(share * (newSpan - 1))));
        if (newSpan != span) {
            fireRange(from, from + newSpan);
        }
    }

    private void fireRange(int from, int to) {
        rangeListeners.forEach(l -> l.accept(new int[] { from, to }));
    }

    private void disposeImage() {
        if (image != null) {
            image.dispose();
            image = null;
        }
    }
}
