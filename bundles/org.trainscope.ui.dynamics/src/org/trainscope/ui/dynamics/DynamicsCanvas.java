package org.trainscope.ui.dynamics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.trainscope.algorithms.sampling.AxisTicks;
import org.trainscope.algorithms.sampling.PolylineDensity;

/**
 * Draws a {@link DynamicsChart} (a ready image, so a repaint costs one blit plus axes) and turns
 * mouse gestures into requests: wheel zooms the iteration range around the pointer, shift+wheel
 * the value range, drag pans both, shift-drag brushes polylines, double-click shows everything. Hovering names the nearest
 * sampled neuron and its value.
 */
public final class DynamicsCanvas {
    static final int LEFT = 64;
    static final int RIGHT = 12;
    static final int TOP = 18;
    static final int BOTTOM = 26;

    private final Canvas canvas;
    private DynamicsChart chart;
    private Image image;
    private int hovered = -1;
    private Point dragStart;
    private Point dragNow;
    private boolean brushing;
    private final List<Consumer<int[]>> rangeListeners = new ArrayList<>();
    private final List<Consumer<int[]>> brushListeners = new ArrayList<>();
    private final List<Consumer<double[]>> valueListeners = new ArrayList<>();
    private String neuronLabelPrefix = "neuron";

    public DynamicsCanvas(Composite parent) {
        canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
        canvas.addListener(SWT.Paint, e -> paint(e.gc));
        canvas.addListener(SWT.MouseMove, this::mouseMove);
        canvas.addListener(SWT.MouseDown, e -> {
            if (e.button == 1 && chart != null) {
                dragStart = new Point(e.x, e.y);
                brushing = (e.stateMask & SWT.SHIFT) != 0;
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
        canvas.addListener(SWT.Dispose, e -> disposeImage());
    }

    public Canvas control() {
        return canvas;
    }

    /** Size the chart image should have for the canvas as it is now. */
    public Point chartSize() {
        Rectangle r = canvas.getClientArea();
        return new Point(Math.max(8, r.width - LEFT - RIGHT), Math.max(8, r.height - TOP - BOTTOM));
    }

    public void setChart(DynamicsChart chart, String neuronLabelPrefix) {
        this.chart = chart;
        this.neuronLabelPrefix = neuronLabelPrefix;
        this.hovered = -1;
        disposeImage();
        if (chart != null) {
            image = new Image(canvas.getDisplay(), chart.image());
        }
        canvas.redraw();
    }

    public DynamicsChart chart() {
        return chart;
    }

    /** Called with {fromRecord, toRecord} when the user zooms or pans. */
    public void onRangeRequested(Consumer<int[]> l) {
        rangeListeners.add(l);
    }

    /** Called with {low, high} of the value axis when the user zooms or pans it; NaNs mean "all". */
    public void onValueWindowRequested(Consumer<double[]> l) {
        valueListeners.add(l);
    }

    /** Called with the neuron indices under a brushed rectangle. */
    public void onBrushed(Consumer<int[]> l) {
        brushListeners.add(l);
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
        drawNonFiniteMarkers(gc);
        drawHovered(gc);
        if (dragStart != null && dragNow != null && brushing) {
            gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_MAGENTA));
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

    /** A red triangle above each point where polylines turn NaN or infinite, with their count. */
    private void drawNonFiniteMarkers(GC gc) {
        int[] first = chart.scan().firstNonFinitePerPoint();
        gc.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_RED));
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        for (int j = 0; j < first.length; j++) {
            if (first[j] > 0) {
                int x = LEFT + chart.columnOf(j);
                gc.fillPolygon(new int[] { x - 5, 2, x + 5, 2, x, TOP - 3 });
                gc.drawText(first[j] + " non-finite", x + 7, 0, true);
            }
        }
    }

    private void drawHovered(GC gc) {
        if (hovered < 0 || hovered >= chart.sampled().length) {
            return;
        }
        int len = chart.length();
        List<Integer> pts = new ArrayList<>();
        for (int j = 0; j < len; j++) {
            double p = chart.axis().position(chart.value(hovered, j));
            if (Double.isNaN(p)) {
                break;
            }
            pts.add(LEFT + chart.columnOf(j));
            pts.add(TOP + (int) Math.round((1 - Math.max(0, Math.min(1, p))) * (chart.request().height() - 1)));
        }
        gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_YELLOW));
        gc.setLineWidth(2);
        gc.drawPolyline(pts.stream().mapToInt(Integer::intValue).toArray());
        gc.setLineWidth(1);
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
        if (x < 0 || x >= chart.request().width() || chart.sampled().length == 0) {
            hovered = -1;
            canvas.setToolTipText(null);
            canvas.redraw();
            return;
        }
        int j = chart.pointAt(x);
        double best = Double.MAX_VALUE;
        int bestIndex = -1;
        for (int i = 0; i < chart.sampled().length; i++) {
            double p = chart.axis().position(chart.value(i, j));
            if (!Double.isNaN(p)) {
                double y = TOP + (1 - p) * (chart.request().height() - 1);
                double d = Math.abs(y - e.y);
                if (d < best) {
                    best = d;
                    bestIndex = i;
                }
            }
        }
        hovered = best <= 12 ? bestIndex : -1;
        canvas.setToolTipText(hovered < 0 ? null
                : neuronLabelPrefix + " " + chart.sampled()[hovered] + " · iteration " + chart.iterations()[j]
                        + " · value " + chart.value(hovered, j));
        canvas.redraw();
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
            brush(start, new Point(e.x, e.y));
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

    private void brush(Point a, Point b) {
        int x0 = Math.max(0, Math.min(a.x, b.x) - LEFT);
        int x1 = Math.min(chart.request().width() - 1, Math.max(a.x, b.x) - LEFT);
        double yTop = Math.min(a.y, b.y) - TOP;
        double yBottom = Math.max(a.y, b.y) - TOP;
        List<Integer> hit = new ArrayList<>();
        for (int i = 0; i < chart.sampled().length; i++) {
            for (int j = chart.pointAt(x0); j <= chart.pointAt(x1); j++) {
                double p = chart.axis().position(chart.value(i, j));
                double y = (1 - p) * (chart.request().height() - 1);
                if (!Double.isNaN(p) && y >= yTop && y <= yBottom) {
                    hit.add(chart.sampled()[i]);
                    break;
                }
            }
        }
        int[] neurons = hit.stream().mapToInt(Integer::intValue).toArray();
        brushListeners.forEach(l -> l.accept(neurons));
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
