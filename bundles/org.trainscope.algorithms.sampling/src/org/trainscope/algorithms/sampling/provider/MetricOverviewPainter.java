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
 * picture the view shows. Each series is one polyline in its run's colour: per column a vertical
 * stroke from the column's smallest to largest value, joined to the next column from the last value
 * to the first. NaN and ±Inf are data: a tick in the series' colour in the strip above the plot at
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

    /** One polyline: per column first → min → max → last; a column with only NaN/Inf breaks it. */
    static void paintSeries(MetricOverviewModel m, MetricOverviewModel.Series s, Painter p) {
        p.alpha(255);
        p.color(colour(m, s));
        p.lineWidth(1.5);
        p.dashed(false);
        double[] xy = new double[8 * s.columns()];
        int n = 0;
        for (int c = 0; c <= s.columns(); c++) {
            boolean end = c == s.columns() || (s.finiteCount(c) == 0 && s.nonFinite(c) != 0);
            if (end) {
                flush(p, xy, n);
                n = 0;
                continue;
            }
            if (s.finiteCount(c) == 0) {
                continue; // no point recorded here: the line joins its neighbours
            }
            double x = LEFT + c;
            for (double v : new double[] { s.first(c), s.min(c), s.max(c), s.last(c) }) {
                xy[2 * n] = x;
                xy[2 * n + 1] = TOP + m.rowOf(v);
                n++;
            }
        }
    }

    private static void flush(Painter p, double[] xy, int n) {
        if (n >= 2) {
            p.polyline(xy, n);
        } else if (n == 1) {
            p.oval(xy[0] - 1.5, xy[1] - 1.5, 3, 3, true);
        }
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
