package org.trainscope.ui.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.trainscope.algorithms.sampling.AxisTicks;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.ui.LatestRequest;

/**
 * Draws a {@link DynamicsChart} (a ready image, so a repaint costs one blit plus axes and
 * markers) and turns mouse gestures into requests: wheel zooms the iteration range around the
 * pointer, shift+wheel the value range, drag pans both, shift-drag brushes polylines,
 * double-click shows everything. Hovering names the polyline under the pointer, any of all drawn
 * ones, found off the UI thread ({@link ChartPicking}); its tooltip is painted on this canvas, so
 * it never outlives the chart it describes.
 */
public final class DynamicsCanvas {
    public static final int LEFT = 64;
    static final int RIGHT = 12;
    public static final int TOP = 18;
    static final int BOTTOM = 26;
    /** Hovered line: dark yellow; selected lines: purple; non-finite onset: red. */
    static final RGB HOVER_RGB = new RGB(0xc0, 0x9a, 0x00);
    static final RGB SELECTION_RGB = new RGB(0x8e, 0x24, 0xaa);
    static final RGB ONSET_RGB = new RGB(0xd3, 0x2f, 0x2f);

    private final Canvas canvas;
    private final Color hoverColor;
    private final Color selectionColor;
    private final Color onsetColor;
    private DynamicsChart chart;
    private Image image;
    private ChartPicking.Hover hover;
    private ChartPicking.Brush selection;
    private Point dragStart;
    private Point dragNow;
    private boolean brushing;
    private final LatestRequest<ChartPicking.Hover> hovers;
    private final LatestRequest<ChartPicking.Brush> brushes;
    /** Redraws the selection on a new chart; apart from {@link #brushes} so it never cancels a brush. */
    private final LatestRequest<ChartPicking.Brush> reselects;
    private final List<Consumer<int[]>> rangeListeners = new ArrayList<>();
    private final List<Consumer<ChartPicking.Brush>> brushListeners = new ArrayList<>();
    private final List<Consumer<double[]>> valueListeners = new ArrayList<>();
    private Consumer<Exception> failureListener = e -> {
    };

    public DynamicsCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        hoverColor = new Color(HOVER_RGB);
        selectionColor = new Color(SELECTION_RGB);
        onsetColor = new Color(ONSET_RGB);
        hovers = new LatestRequest<>(canvas, this::showHover, e -> showHover(null));
        brushes = new LatestRequest<>(canvas, this::selected, e -> failureListener.accept(e));
        reselects = new LatestRequest<>(canvas, this::selected, e -> failureListener.accept(e));
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseExit, e -> clearHover());
        canvas.addListener(SWT.MouseDown, e -> {
            if (e.button == 1 && chart != null) {
                dragStart = new Point(e.x, e.y);
                brushing = (e.stateMask & SWT.SHIFT) != 0;
                clearHover();
            }
        });
        canvas.addListener(SWT.MouseUp, this::mouseUp);
        canvas.addListener(SWT.MouseVerticalWheel, this::wheel);
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
            hoverColor.dispose();
            selectionColor.dispose();
            onsetColor.dispose();
        });
    }

    public Canvas control() {
        return canvas;
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
    public void setChart(DynamicsChart chart) {
        DynamicsChart before = this.chart;
        this.chart = chart;
        clearHover();
        disposeImage();
        if (chart != null) {
            image = new Image(canvas.getDisplay(), chart.image());
        }
        if (selection != null && (chart == null || before == null || !samePolylines(before, chart))) {
            selection = null;
        } else if (selection != null) {
            int[] kept = selection.polylines();
            DynamicsChart target = chart;
            reselects.submit("Selected polylines", 0, monitor -> ChartPicking.withValues(target, kept, monitor));
        }
        canvas.redraw();
    }

    private static boolean samePolylines(DynamicsChart a, DynamicsChart b) {
        return a.request().tensor() == b.request().tensor() && a.request().grouping() == b.request().grouping();
    }

    public DynamicsChart chart() {
        return chart;
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
    public void onBrushed(Consumer<ChartPicking.Brush> l) {
        brushListeners.add(l);
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
        gc.drawImage(image, LEFT, TOP);
        drawAxes(gc);
        drawNonFiniteCounts(gc);
        gc.setAntialias(SWT.ON);
        gc.setClipping(LEFT, TOP - 4, chart.request().width(), chart.request().height() + 8);
        if (selection != null && selection.chart() == chart) {
            int width = selection.drawn() > 50 ? 1 : 2; // many thick lines would hide the picture
            for (int i = 0; i < selection.drawn(); i++) {
                drawLine(gc, selection.values(), i * chart.length(), selectionColor, width);
            }
        }
        drawOnsets(gc);
        if (hover != null && hover.chart() == chart) {
            drawLine(gc, hover.values(), 0, hoverColor, 3);
        }
        gc.setClipping((Rectangle) null);
        if (hover != null && hover.chart() == chart) {
            drawTooltip(gc, hover.text(), LEFT + hover.x(), TOP + hover.y());
        }
        gc.setAntialias(SWT.DEFAULT);
        if (dragStart != null && dragNow != null && brushing) {
            gc.setForeground(selectionColor);
            gc.setLineStyle(SWT.LINE_DASH);
            gc.drawRectangle(Math.min(dragStart.x, dragNow.x), Math.min(dragStart.y, dragNow.y),
                    Math.abs(dragNow.x - dragStart.x), Math.abs(dragNow.y - dragStart.y));
            gc.setLineStyle(SWT.LINE_SOLID);
        }
    }

    private void drawAxes(GC gc) {
        int w = chart.request().width();
        int h = chart.request().height();
        Color axis = canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY);
        gc.setForeground(axis);
        gc.drawLine(LEFT - 1, TOP, LEFT - 1, TOP + h);
        gc.drawLine(LEFT - 1, TOP + h, LEFT + w, TOP + h);
        // round values, about one per 40 pixels of height and 90 of width
        PolylineDensity.YAxis valueAxis = chart.axis();
        double[] values = AxisTicks.values(valueAxis, Math.max(2, h / 40));
        double step = values.length > 1 ? values[1] - values[0] : Double.NaN;
        for (double v : values) {
            int y = TOP + (int) Math.round((1 - valueAxis.position(v)) * (h - 1));
            String label = valueAxis.symlog() ? AxisTicks.logLabel(v) : AxisTicks.label(v, step);
            Point ext = gc.textExtent(label);
            gc.drawLine(LEFT - 4, y, LEFT - 1, y);
            gc.drawText(label, LEFT - 6 - ext.x, y - ext.y / 2, true);
        }
        long[] its = chart.iterations();
        if (its.length == 0) {
            return;
        }
        for (long iteration : AxisTicks.iterations(its[0], its[its.length - 1], Math.max(2, w / 90))) {
            int x = LEFT + columnOfIteration(its, iteration);
            String label = Long.toString(iteration);
            Point ext = gc.textExtent(label);
            gc.drawLine(x, TOP + h, x, TOP + h + 3);
            gc.drawText(label, Math.max(0, Math.min(x - ext.x / 2, LEFT + w - ext.x)), TOP + h + 4, true);
        }
    }

    /**
     * The image column of an iteration between the first and last recorded ones: points are spaced
     * evenly by index, so an iteration between two recorded ones is placed between their columns.
     */
    private int columnOfIteration(long[] its, long iteration) {
        int j = java.util.Arrays.binarySearch(its, iteration);
        if (j >= 0) {
            return chart.columnOf(j);
        }
        int after = -j - 1;
        if (after <= 0 || after >= its.length) {
            return chart.columnOf(Math.max(0, Math.min(its.length - 1, after)));
        }
        double fraction = (iteration - its[after - 1]) / (double) (its[after] - its[after - 1]);
        int left = chart.columnOf(after - 1);
        return left + (int) Math.round(fraction * (chart.columnOf(after) - left));
    }

    /**
     * Above the chart, a red triangle at each point where polylines (of all, not only the sampled)
     * turn NaN or infinite, with their count where there is room for it.
     */
    private void drawNonFiniteCounts(GC gc) {
        int[] first = chart.scan().firstNonFinitePerPoint();
        gc.setBackground(onsetColor);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        int freeFrom = 0;
        for (int j = 0; j < first.length; j++) {
            if (first[j] > 0) {
                int x = LEFT + chart.columnOf(j);
                gc.fillPolygon(new int[] { x - 5, 2, x + 5, 2, x, TOP - 3 });
                String label = first[j] + " non-finite";
                if (x + 7 >= freeFrom) {
                    gc.drawText(label, x + 7, 0, true);
                    freeFrom = x + 7 + gc.textExtent(label).x + 4;
                }
            }
        }
    }

    /** A red dot where each sampled (and the hovered) line turns non-finite; its finite part keeps its colour. */
    private void drawOnsets(GC gc) {
        int[] onsets = chart.onsets();
        for (int i = 0; i < onsets.length; i++) {
            if (onsets[i] >= 0) {
                drawOnset(gc, chart.sampledValues(), i * chart.length(), onsets[i]);
            }
        }
        if (hover != null && hover.chart() == chart) {
            int onset = DynamicsChart.onset(hover.values(), 0, chart.length());
            if (onset >= 0) {
                drawOnset(gc, hover.values(), 0, onset);
            }
        }
    }

    /**
     * The dot sits in the column of the first non-finite point, at the height of the last finite
     * one, joined to the line's end by a dotted red segment; at the top when it never was finite.
     */
    private void drawOnset(GC gc, float[] values, int offset, int onset) {
        int x = LEFT + chart.columnOf(onset);
        int y = onset > 0 ? rowOf(values[offset + onset - 1]) : Integer.MIN_VALUE;
        if (y == Integer.MIN_VALUE) {
            y = TOP;
        } else {
            gc.setForeground(onsetColor);
            gc.setLineStyle(SWT.LINE_DOT);
            gc.drawLine(LEFT + chart.columnOf(onset - 1), y, x, y);
            gc.setLineStyle(SWT.LINE_SOLID);
        }
        gc.setBackground(onsetColor);
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        gc.fillOval(x - 4, y - 4, 9, 9);
        gc.drawOval(x - 4, y - 4, 9, 9);
    }

    private int rowOf(float v) {
        double p = chart.axis().position(v);
        if (Double.isNaN(p)) {
            return Integer.MIN_VALUE;
        }
        return TOP + (int) Math.round((1 - Math.max(0, Math.min(1, p))) * (chart.request().height() - 1));
    }

    /** One polyline's finite runs as lines. */
    private void drawLine(GC gc, float[] values, int offset, Color color, int width) {
        gc.setForeground(color);
        gc.setLineWidth(width);
        int len = chart.length();
        int[] pts = new int[2 * len];
        int n = 0;
        for (int j = 0; j <= len; j++) {
            int y = j < len ? rowOf(values[offset + j]) : Integer.MIN_VALUE;
            if (y == Integer.MIN_VALUE) {
                if (n >= 4) {
                    gc.drawPolyline(java.util.Arrays.copyOf(pts, n));
                }
                n = 0;
            } else {
                pts[n++] = LEFT + chart.columnOf(j);
                pts[n++] = y;
            }
        }
        gc.setLineWidth(1);
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
        if (x < 0 || x >= chart.request().width() || y < 0 || y >= chart.request().height()) {
            clearHover();
            return;
        }
        if (hover != null && Math.hypot(hover.x() - x, hover.y() - y) > 2 * ChartPicking.HOVER_TOLERANCE) {
            hover = null; // a stale answer must not follow the pointer
            canvas.redraw();
        }
        DynamicsChart target = chart;
        hovers.submit("Polyline under the pointer", 40, monitor -> ChartPicking.hover(target, x, y, monitor));
    }

    private void showHover(ChartPicking.Hover found) {
        hover = found != null && found.chart() == chart ? found : null;
        canvas.redraw();
    }

    private void selected(ChartPicking.Brush brush) {
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
            DynamicsChart target = chart;
            int x0 = start.x - LEFT;
            int y0 = start.y - TOP;
            int x1 = e.x - LEFT;
            int y1 = e.y - TOP;
            brushes.submit("Brushed polylines", 0, monitor -> ChartPicking.brush(target, x0, y0, x1, y1, monitor));
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
        double shift = dy / (double) (chart.request().height() - 1);
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
            double center = 1 - Math.max(0, Math.min(1, (e.y - TOP) / (double) (chart.request().height() - 1)));
            double half = (e.count > 0 ? 0.7 : 1 / 0.7) / 2;
            fireValues(chart.axis().value(center - half), chart.axis().value(center + half));
            return;
        }
        DynamicsRequest r = chart.request();
        int total = r.tensor().iterationCount();
        int span = r.toRecord() - r.fromRecord();
        int newSpan = e.count > 0 ? Math.max(4, (int) Math.round(span * 0.7)) : Math.min(total,
                (int) Math.ceil(span / 0.7));
        int center = r.fromRecord() + chart.pointAt(Math.max(0, e.x - LEFT));
        int from = Math.max(0, Math.min(total - newSpan, center - newSpan / 2));
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
