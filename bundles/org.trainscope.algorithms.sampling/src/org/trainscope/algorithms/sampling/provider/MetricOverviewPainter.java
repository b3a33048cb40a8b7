package org.trainscope.algorithms.sampling.provider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.trainscope.core.render.FigureFiles;
import org.trainscope.core.render.Painter;
import org.trainscope.core.summary.Anomaly;

/**
 * Paints a {@link MetricOverviewModel} on any {@link Painter}: the overview view's canvas (through
 * the workbench's SWT painter), an SVG document or a headless PNG, so an exported figure is the
 * picture the view shows. Each series is one filled band in its run's colour: per column from the
 * column's smallest to largest value, at least a line's width. NaN and ±Inf are data: a tick in the series' colour in the strip above the plot at
 * each column holding one (with "NaN"/"+Inf"/"-Inf" at its first). Anomalies: a red triangle under
 * the strip at their column, and a red ring at their value for a drawn metric's own anomaly. The
 * current iteration is a vertical line; the legend names each run and metric; values a clipped axis
 * leaves out are drawn at its edge, and a red note says how far they reach.
 */
public final class MetricOverviewPainter {
    public static final int LEFT = 64;
    public static final int RIGHT = 12;
    /** Room above the plot: the non-finite strip and the anomaly marks. */
    public static final int TOP = 30;
    public static final int BOTTOM = 26;
    /** The series colours, by run (then metric) place: distinct, red left for NaN/Inf and anomalies. */
    private static final int[] PALETTE = { 0x1f77b4, 0xff7f0e, 0x2ca02c, 0x9467bd, 0x8c564b, 0xe377c2, 0x17becf,
            0xbcbd22, 0x7f7f7f, 0x393b79 };
    /** NaN/Inf marks and anomalies. */
    public static final int ALERT = 0xd32f2f;
    public static final int AXIS = 0x404040;
    public static final int CURRENT = 0x000000;
    public static final int BACKGROUND = 0xffffff;

    private MetricOverviewPainter() {
    }

    /** The colour of the {@code k}-th series (k counts runs, then their metrics). */
    public static int colour(int k) {
        return PALETTE[Math.floorMod(k, PALETTE.length)];
    }

    /** The colour of a series: by run when one metric is shown, by series otherwise. */
    public static int colour(MetricOverviewModel model, MetricOverviewModel.Series s) {
        int metrics = model.request().metrics().size();
        int k = s.runIndex() * Math.max(1, metrics) + Math.max(0, model.request().metrics().indexOf(s.metric()));
        return colour(metrics <= 1 ? s.runIndex() : k);
    }

    public static int figureWidth(MetricOverviewModel m) {
        return m.width() + LEFT + RIGHT;
    }

    public static int figureHeight(MetricOverviewModel m) {
        return m.height() + TOP + BOTTOM;
    }

    /** Writes the figure as SVG or PNG (by the file's extension), without a display. */
    public static void write(MetricOverviewModel m, long currentIteration, Path file) throws IOException {
        FigureFiles.write(file, figureWidth(m), figureHeight(m), p -> paint(m, currentIteration, p));
    }

    /**
     * Paints the whole figure with its top left corner at (0, 0).
     *
     * @param currentIteration drawn as a vertical line when in range; Long.MIN_VALUE for none
     */
    public static void paint(MetricOverviewModel m, long currentIteration, Painter p) {
        p.alpha(255);
        p.dashed(false);
        p.color(BACKGROUND);
        p.rectangle(0, 0, figureWidth(m), figureHeight(m), true);
        paintAxes(m, p);
        for (MetricOverviewModel.Series s : m.series()) {
            paintSeries(m, s, p);
        }
        paintNonFinite(m, p);
        paintAnomalies(m, p);
        int current = m.columnOf(currentIteration);
        if (currentIteration != Long.MIN_VALUE && current >= 0) {
            p.alpha(255);
            p.color(CURRENT);
            p.lineWidth(1);
            p.dashed(false);
            p.line(LEFT + current, TOP, LEFT + current, TOP + m.height());
        }
        paintLegend(m, p);
        paintOffScale(m, p);
    }

    /** Says how far values left off a clipped axis reach. */
    private static void paintOffScale(MetricOverviewModel m, Painter p) {
        p.alpha(255);
        p.color(ALERT);
        if (!Double.isNaN(m.offAbove())) {
            p.text("\u2191 values up to " + String.format(java.util.Locale.ROOT, "%.3g", m.offAbove())
                    + " above the axis", LEFT + 4, TOP + 2, Painter.Anchor.TOP_LEFT);
        }
        if (!Double.isNaN(m.offBelow())) {
            p.text("\u2193 values down to " + String.format(java.util.Locale.ROOT, "%.3g", m.offBelow())
                    + " below the axis", LEFT + 4, TOP + m.height() - 2, Painter.Anchor.BOTTOM_LEFT);
        }
    }

    /**
     * Half the width of a series' line: a flat stretch is drawn this far above and below its value
     * (rows are whole pixels, so a flat line covers two pixel rows fully, in the series' colour).
     */
    static final double HALF_LINE = 1;

    /**
     * The band each stretch of columns covers, as one filled polygon: the column maxima left to
     * right, then the minima right to left, widened by half a line width, so a flat stretch is a
     * line 2 pixels wide. It covers exactly what a line through first, min, max and last of each
     * column covers (the joins from a column's last value to the next one's first lie between the
     * two columns' ranges), at a fraction of the cost: stroking that zigzag, thousands of reversing
     * segments, took most of a redraw. A stretch with fewer points than pixels (most columns
     * empty: a short run, or zoomed in) is a line 1.5 pixels wide through them instead, which keeps
     * its width where it is steep (a band widened up and down would thin out there) and costs little
     * with so few vertices. A column with only NaN/Inf ends a stretch; a column without points is
     * skipped (its neighbours are joined).
     */
    static void paintSeries(MetricOverviewModel m, MetricOverviewModel.Series s, Painter p) {
        p.alpha(255);
        p.color(colour(m, s));
        p.dashed(false);
        int[] stretch = new int[s.columns()];
        int n = 0;
        double[] xy = new double[4 * s.columns()];
        for (int c = 0; c <= s.columns(); c++) {
            boolean end = c == s.columns() || (s.finiteCount(c) == 0 && s.nonFinite(c) != 0);
            if (end) {
                fillBand(m, s, stretch, n, xy, p);
                n = 0;
            } else if (s.finiteCount(c) > 0) {
                stretch[n++] = c;
            }
        }
    }

    private static void fillBand(MetricOverviewModel m, MetricOverviewModel.Series s, int[] columns, int n,
            double[] xy, Painter p) {
        if (n == 0) {
            return;
        }
        if (2 * n < columns[n - 1] - columns[0] + 1) {
            strokeLine(m, s, columns, n, xy, p);
            return;
        }
        if (n == 1) { // one column: its range as a short bar, a dot at least
            int c = columns[0];
            double top = TOP + m.rowOf(s.max(c)) - HALF_LINE;
            double bottom = TOP + m.rowOf(s.min(c)) + HALF_LINE;
            p.rectangle(LEFT + c - 1.5, top, 3, Math.max(3, bottom - top), true);
            return;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            xy[2 * k] = LEFT + columns[i];
            xy[2 * k + 1] = TOP + m.rowOf(s.max(columns[i])) - HALF_LINE;
            k++;
        }
        for (int i = n - 1; i >= 0; i--) {
            xy[2 * k] = LEFT + columns[i];
            xy[2 * k + 1] = TOP + m.rowOf(s.min(columns[i])) + HALF_LINE;
            k++;
        }
        p.polygon(xy, k, true);
    }

    /** A sparse stretch: one line through first, min, max and last of each column (repeats left out). */
    private static void strokeLine(MetricOverviewModel m, MetricOverviewModel.Series s, int[] columns, int n,
            double[] xy, Painter p) {
        p.lineWidth(1.5);
        double[] line = xy.length >= 8 * n ? xy : new double[8 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            int c = columns[i];
            for (double v : new double[] { s.first(c), s.min(c), s.max(c), s.last(c) }) {
                double y = TOP + m.rowOf(v);
                if (k == 0 || line[2 * k - 2] != LEFT + c || line[2 * k - 1] != y) {
                    line[2 * k] = LEFT + c;
                    line[2 * k + 1] = y;
                    k++;
                }
            }
        }
        if (k >= 2) {
            p.polyline(line, k);
        } else {
            p.oval(line[0] - 1.5, line[1] - 1.5, 3, 3, true);
        }
        p.lineWidth(1);
    }

    private static void paintAxes(MetricOverviewModel m, Painter p) {
        int w = m.width();
        int h = m.height();
        p.alpha(255);
        p.color(AXIS);
        p.lineWidth(1);
        p.line(LEFT - 1, TOP, LEFT - 1, TOP + h);
        p.line(LEFT - 1, TOP + h, LEFT + w, TOP + h);
        for (DynamicsChartModel.AxisTick tick : m.valueTicks()) {
            int y = TOP + tick.pixel();
            p.color(0xeeeeee);
            p.line(LEFT, y, LEFT + w, y);
            p.color(AXIS);
            p.line(LEFT - 4, y, LEFT - 1, y);
            p.text(tick.label(), LEFT - 6, y, Painter.Anchor.MIDDLE_RIGHT);
        }
        for (DynamicsChartModel.AxisTick tick : m.iterationTicks()) {
            int x = LEFT + tick.pixel();
            p.line(x, TOP + h, x, TOP + h + 3);
            double half = p.textWidth(tick.label()) / 2;
            double center = Math.max(half, Math.min(x, LEFT + w - half));
            p.text(tick.label(), center, TOP + h + 4, Painter.Anchor.TOP_CENTER);
        }
    }

    /** A tick in the series' colour above the plot at every column holding NaN/Inf; the kind named at the first. */
    private static void paintNonFinite(MetricOverviewModel m, Painter p) {
        int rows = Math.max(1, m.series().size());
        double band = Math.max(2, 10.0 / rows);
        for (int k = 0; k < m.series().size(); k++) {
            MetricOverviewModel.Series s = m.series().get(k);
            double y0 = 2 + k * band;
            p.alpha(255);
            p.lineWidth(1);
            int firstColumn = s.firstNonFiniteColumn();
            for (int c = firstColumn; c >= 0 && c < s.columns(); c++) {
                if (s.nonFinite(c) != 0) {
                    p.color(colour(m, s));
                    p.line(LEFT + c, y0, LEFT + c, y0 + band);
                }
            }
            if (firstColumn >= 0) {
                byte kinds = s.nonFinite(firstColumn);
                String word = (kinds & MetricOverviewModel.NAN) != 0 ? "NaN"
                        : (kinds & MetricOverviewModel.POSITIVE_INFINITY) != 0 ? "+Inf" : "-Inf";
                p.color(ALERT);
                p.line(LEFT + firstColumn, y0, LEFT + firstColumn, TOP + m.height());
                p.text(word, LEFT + firstColumn - 3, y0, Painter.Anchor.TOP_RIGHT);
            }
        }
    }

    /** A red triangle per run and column with anomalies; a red ring at a drawn metric's own anomaly. */
    private static void paintAnomalies(MetricOverviewModel m, Painter p) {
        Set<Long> drawn = new HashSet<>();
        p.alpha(255);
        p.lineWidth(1.5);
        for (MetricOverviewModel.MarkedAnomaly a : m.anomalies()) {
            if (a.column() < 0) {
                continue;
            }
            double x = LEFT + a.column();
            if (drawn.add(((long) a.runIndex() << 32) | a.column())) {
                p.color(ALERT);
                p.polygon(new double[] { x - 4, TOP - 12, x + 4, TOP - 12, x, TOP - 4 }, 3, true);
            }
            Anomaly an = a.anomaly();
            if (an.subjectKind() == Anomaly.SubjectKind.METRIC && Double.isFinite(an.value())
                    && m.series(a.run(), an.subject()).isPresent()) {
                p.color(ALERT);
                int y = TOP + m.rowOf(an.value());
                p.oval(x - 5, y - 5, 10, 10, false);
            }
        }
    }

    private static void paintLegend(MetricOverviewModel m, Painter p) {
        if (m.series().isEmpty()) {
            return;
        }
        double lineHeight = p.textHeight() + 2;
        double widest = 0;
        for (MetricOverviewModel.Series s : m.series()) {
            widest = Math.max(widest, p.textWidth(label(m, s)));
        }
        double w = widest + 30;
        double h = lineHeight * m.series().size() + 6;
        double x = LEFT + m.width() - w - 6;
        double y = TOP + 6;
        p.alpha(220);
        p.color(BACKGROUND);
        p.rectangle(x, y, w, h, true);
        p.alpha(255);
        p.color(0xbbbbbb);
        p.lineWidth(1);
        p.rectangle(x, y, w, h, false);
        for (int k = 0; k < m.series().size(); k++) {
            MetricOverviewModel.Series s = m.series().get(k);
            double ly = y + 3 + lineHeight * (k + 0.5);
            p.color(colour(m, s));
            p.lineWidth(2.5);
            p.line(x + 5, ly, x + 21, ly);
            p.color(AXIS);
            p.text(label(m, s), x + 25, ly, Painter.Anchor.MIDDLE_LEFT);
        }
    }

    /** "vae-unstable · loss" (the metric only when several are shown). */
    public static String label(MetricOverviewModel m, MetricOverviewModel.Series s) {
        return m.request().metrics().size() > 1 ? s.run().name() + " · " + s.metric() : s.run().name();
    }
}
