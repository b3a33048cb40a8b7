package org.trainscope.algorithms.sampling.provider;

import java.io.IOException;
import java.nio.file.Path;

import org.trainscope.core.render.FigureFiles;
import org.trainscope.core.render.Painter;

/**
 * Paints a {@link DynamicsChartModel} on any {@link Painter}: the Training Dynamics view's canvas
 * (through the workbench's SWT painter), an SVG document or a headless PNG. So the exported figure
 * is the picture the view shows: the density, the sample (blue, outliers orange), the axes, red
 * triangles counting the polylines that turn NaN/Inf at an iteration and a red dot where a
 * sampled polyline does. The plot area lies at ({@link #LEFT}, {@link #TOP}) with the model's
 * pixel size; the margins hold the axes and the non-finite counts.
 *
 * <pre>{@code
 * DynamicsChartPainter.write(DynamicsChartProvider.compute(request, null), Path.of("chart.png"));
 * }</pre>
 */
public final class DynamicsChartPainter {
    public static final int LEFT = 64;
    public static final int RIGHT = 12;
    public static final int TOP = 18;
    public static final int BOTTOM = 26;
    /** Opacity of a sampled line drawn as a line: overlapping lines darken, as in the rasterised sample. */
    static final int LINE_ALPHA = 150;
    static final int OUTLIER_ALPHA = 230;

    private DynamicsChartPainter() {
    }

    /** Width of the whole figure, margins included. */
    public static int figureWidth(DynamicsChartModel chart) {
        return chart.width() + LEFT + RIGHT;
    }

    /** Height of the whole figure, margins included. */
    public static int figureHeight(DynamicsChartModel chart) {
        return chart.height() + TOP + BOTTOM;
    }

    /** Writes the figure as SVG or PNG (by the file's extension), without a display. */
    public static void write(DynamicsChartModel chart, Path file) throws IOException {
        FigureFiles.write(file, figureWidth(chart), figureHeight(chart), p -> paint(chart, p));
    }

    /** Paints the whole figure with its top left corner at (0, 0). */
    public static void paint(DynamicsChartModel chart, Painter p) {
        p.alpha(255);
        p.color(DynamicsColours.BACKGROUND);
        p.rectangle(0, 0, figureWidth(chart), figureHeight(chart), true);
        p.image(chart.densityPixels(), chart.width(), chart.height(), LEFT, TOP, chart.width(), chart.height());
        if (chart.linesAsVectors()) {
            int length = chart.length();
            float[] values = chart.sampledValues();
            int lines = values.length / Math.max(1, length);
            // outliers last, so that they stay visible where the bulk crosses them
            for (int i = 0; i < lines; i++) {
                if (!chart.isOutlier(i)) {
                    paintLine(p, chart, values, i * length, DynamicsColours.LINE, LINE_ALPHA, 1);
                }
            }
            for (int i = 0; i < lines; i++) {
                if (chart.isOutlier(i)) {
                    paintLine(p, chart, values, i * length, DynamicsColours.OUTLIER, OUTLIER_ALPHA, 1.5);
                }
            }
        } else {
            p.image(chart.linesPixels(), chart.width(), chart.height(), LEFT, TOP, chart.width(), chart.height());
        }
        paintAxes(chart, p);
        paintNonFiniteCounts(chart, p);
        float[] values = chart.sampledValues();
        for (int i = 0; i < values.length / chart.length(); i++) {
            if (chart.onset(i) >= 0) {
                paintOnset(p, chart, values, i * chart.length(), chart.onset(i));
            }
        }
    }

    private static void paintAxes(DynamicsChartModel chart, Painter p) {
        int w = chart.width();
        int h = chart.height();
        p.alpha(255);
        p.color(DynamicsColours.AXIS);
        p.lineWidth(1);
        p.dashed(false);
        p.line(LEFT - 1, TOP, LEFT - 1, TOP + h);
        p.line(LEFT - 1, TOP + h, LEFT + w, TOP + h);
        for (DynamicsChartModel.AxisTick tick : chart.valueTicks()) {
            int y = TOP + tick.pixel();
            p.line(LEFT - 4, y, LEFT - 1, y);
            p.text(tick.label(), LEFT - 6, y, Painter.Anchor.MIDDLE_RIGHT);
        }
        for (DynamicsChartModel.AxisTick tick : chart.iterationTicks()) {
            int x = LEFT + tick.pixel();
            p.line(x, TOP + h, x, TOP + h + 3);
            double half = p.textWidth(tick.label()) / 2;
            // labels stay within the figure at both ends
            double center = Math.max(half, Math.min(x, LEFT + w - half));
            p.text(tick.label(), center, TOP + h + 4, Painter.Anchor.TOP_CENTER);
        }
    }

    /** Above the plot, a red triangle at each point where polylines turn non-finite, with their count where there is room. */
    private static void paintNonFiniteCounts(DynamicsChartModel chart, Painter p) {
        double freeFrom = 0;
        p.alpha(255);
        for (DynamicsChartModel.NonFiniteMark mark : chart.nonFiniteMarks()) {
            int x = LEFT + mark.column();
            p.color(DynamicsColours.ONSET);
            p.polygon(new double[] { x - 5, 2, x + 5, 2, x, TOP - 3 }, 3, true);
            String label = mark.count() + " non-finite";
            if (x + 7 >= freeFrom) {
                p.color(DynamicsColours.ONSET_TEXT);
                p.text(label, x + 7, 0, Painter.Anchor.TOP_LEFT);
                freeFrom = x + 7 + p.textWidth(label) + 4;
            }
        }
    }

    /**
     * One polyline's finite runs as lines in the plot area (rows clamped to it, as the density and
     * the picking clamp them).
     *
     * @param values the polyline's values over the chart's range, from {@code offset}
     */
    public static void paintLine(Painter p, DynamicsChartModel chart, float[] values, int offset, int rgb, int alpha,
            double width) {
        p.color(rgb);
        p.alpha(alpha);
        p.lineWidth(width);
        p.dashed(false);
        int len = chart.length();
        double[] pts = new double[2 * len];
        int n = 0;
        for (int j = 0; j <= len; j++) {
            int y = j < len ? chart.rowOf(values[offset + j]) : Integer.MIN_VALUE;
            if (y == Integer.MIN_VALUE) {
                if (n >= 2) {
                    p.polyline(pts, n);
                }
                n = 0;
            } else {
                pts[2 * n] = LEFT + chart.columnOf(j);
                pts[2 * n + 1] = TOP + y;
                n++;
            }
        }
        p.alpha(255);
        p.lineWidth(1);
    }

    /**
     * Where a polyline turns non-finite: a red dot in the column of its first non-finite point, at
     * the height of its last finite one, joined to the line's end by a dashed red segment; at the
     * top of the plot when it never was finite.
     */
    public static void paintOnset(Painter p, DynamicsChartModel chart, float[] values, int offset, int onset) {
        int x = LEFT + chart.columnOf(onset);
        int row = onset > 0 ? chart.rowOf(values[offset + onset - 1]) : Integer.MIN_VALUE;
        int y;
        p.alpha(255);
        p.lineWidth(1);
        if (row == Integer.MIN_VALUE) {
            y = TOP;
        } else {
            y = TOP + row;
            p.color(DynamicsColours.ONSET);
            p.dashed(true);
            p.line(LEFT + chart.columnOf(onset - 1), y, x, y);
            p.dashed(false);
        }
        p.color(DynamicsColours.ONSET);
        p.oval(x - 4, y - 4, 9, 9, true);
        p.color(DynamicsColours.BACKGROUND);
        p.oval(x - 4, y - 4, 9, 9, false);
    }
}
