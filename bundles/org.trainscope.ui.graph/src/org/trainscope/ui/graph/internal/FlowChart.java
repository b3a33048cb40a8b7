package org.trainscope.ui.graph.internal;

import java.util.List;

import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.RecordStats;

/**
 * The small line chart inside a node: over the window's iterations, the mean (line) and the 5–95 %
 * band of the node's values and, in a second colour, of its gradients, each kind on its own
 * vertical scale (their magnitudes differ by orders); records with NaN/±Inf get a red tick at the
 * top; the current iteration is a dashed line.
 */
public final class FlowChart {
    public static final Color VALUES = new Color(31, 119, 180);
    public static final Color GRADIENTS = new Color(214, 39, 140);
    public static final Color NON_FINITE = new Color(215, 48, 31);
    public static final Color CURRENT = new Color(90, 90, 90);
    /** The second run's colour when two runs are compared side by side. */
    public static final Color OTHER = new Color(255, 127, 14);
    private static final Color FRAME = new Color(215, 215, 215);
    private static final Color ZERO = new Color(170, 170, 170);

    private FlowChart() {
    }

    /** Paints the series into {@code r} for the window {@code [from, to]} with {@code now} marked. */
    public static void paint(Graphics g, Rectangle r, List<FlowSeries> series, long from, long to, long now) {
        g.setForegroundColor(FRAME);
        g.setLineWidth(1);
        g.setLineStyle(SWT.LINE_SOLID);
        g.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
        Rectangle plot = r.getCopy().shrink(2, 3);
        if (series.stream().allMatch(s -> s.size() == 0)) {
            g.setForegroundColor(CURRENT);
            g.drawText("not recorded", r.x + 4, r.y + Math.max(0, r.height / 2 - 8));
            return;
        }
        for (boolean gradients : new boolean[] { false, true }) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (FlowSeries s : series) {
                if (s.isGradient() != gradients) {
                    continue;
                }
                for (RecordStats st : s.stats()) {
                    if (st.finiteCount() > 0) {
                        lo = Math.min(lo, Math.min(st.q05(), st.mean()));
                        hi = Math.max(hi, Math.max(st.q95(), st.mean()));
                    }
                }
            }
            if (!(lo <= hi)) {
                lo = -1;
                hi = 1;
            } else if (hi - lo < 1e-30 * Math.max(1, Math.abs(hi)) || hi == lo) {
                lo -= Math.max(1e-12, Math.abs(lo) * 0.1);
                hi += Math.max(1e-12, Math.abs(hi) * 0.1);
            }
            for (FlowSeries s : series) {
                if (s.isGradient() == gradients) {
                    paintSeries(g, plot, s, from, to, lo, hi, gradients ? GRADIENTS : VALUES);
                }
            }
        }
        if (now >= from && now <= to) {
            int x = x(plot, now, from, to);
            g.setForegroundColor(CURRENT);
            g.setLineStyle(SWT.LINE_DASH);
            g.drawLine(x, r.y + 1, x, r.bottom() - 2);
            g.setLineStyle(SWT.LINE_SOLID);
        }
    }

    /**
     * Two runs side by side: the matched tensor of each ({@code mine} in {@link #VALUES},
     * {@code theirs} in {@link #OTHER}) on one shared vertical scale, so their magnitudes compare
     * directly; either may be null (nothing matched).
     */
    public static void paintPair(Graphics g, Rectangle r, FlowSeries mine, FlowSeries theirs, long from, long to,
            long now) {
        g.setForegroundColor(FRAME);
        g.setLineWidth(1);
        g.setLineStyle(SWT.LINE_SOLID);
        g.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
        Rectangle plot = r.getCopy().shrink(2, 3);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (FlowSeries s : new FlowSeries[] { mine, theirs }) {
            if (s == null) {
                continue;
            }
            for (int i = 0; i < s.size(); i++) {
                RecordStats st = s.stats().get(i);
                if (st.finiteCount() > 0 && s.iteration(i) >= from) {
                    lo = Math.min(lo, Math.min(st.q05(), st.mean()));
                    hi = Math.max(hi, Math.max(st.q95(), st.mean()));
                }
            }
        }
        if (!(lo <= hi)) {
            g.setForegroundColor(CURRENT);
            g.drawText("not recorded in both", r.x + 4, r.y + Math.max(0, r.height / 2 - 8));
            return;
        }
        if (hi - lo < 1e-30 * Math.max(1, Math.abs(hi)) || hi == lo) {
            lo -= Math.max(1e-12, Math.abs(lo) * 0.1);
            hi += Math.max(1e-12, Math.abs(hi) * 0.1);
        }
        if (theirs != null) {
            paintSeries(g, plot, theirs, from, to, lo, hi, OTHER);
        }
        if (mine != null) {
            paintSeries(g, plot, mine, from, to, lo, hi, VALUES);
        }
        paintNow(g, r, plot, from, to, now);
    }

    /**
     * The difference of two runs: per matching iteration, log10 of the ratio of mean |value|
     * (solid) and of spread (dashed), first run over second, around a zero line (equal), on a
     * symmetric scale of at least ±1 decade; positive (first run larger) in {@link #VALUES}'s colour
     * above the line, negative in {@link #OTHER}'s below.
     */
    public static void paintDifference(Graphics g, Rectangle r, long[] its, double[] logMeanAbs, double[] logSpread,
            long from, long to, long now) {
        g.setForegroundColor(FRAME);
        g.setLineWidth(1);
        g.setLineStyle(SWT.LINE_SOLID);
        g.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
        Rectangle plot = r.getCopy().shrink(2, 3);
        if (its.length == 0) {
            g.setForegroundColor(CURRENT);
            g.drawText("not in both runs", r.x + 4, r.y + Math.max(0, r.height / 2 - 8));
            return;
        }
        double range = 1;
        for (int i = 0; i < its.length; i++) {
            for (double v : new double[] { logMeanAbs[i], logSpread[i] }) {
                if (Double.isFinite(v)) {
                    range = Math.max(range, Math.abs(v));
                }
            }
        }
        int zero = y(plot, 0, -range, range);
        g.setForegroundColor(ZERO);
        g.drawLine(plot.x, zero, plot.right() - 1, zero);
        for (int pass = 0; pass < 2; pass++) {
            double[] v = pass == 0 ? logMeanAbs : logSpread;
            g.setLineStyle(pass == 0 ? SWT.LINE_SOLID : SWT.LINE_DOT);
            g.setLineWidth(pass == 0 ? 2 : 1);
            int px = Integer.MIN_VALUE;
            int py = 0;
            for (int i = 0; i < its.length; i++) {
                if (!Double.isFinite(v[i])) {
                    px = Integer.MIN_VALUE;
                    continue;
                }
                int x = x(plot, its[i], from, to);
                int y = y(plot, v[i], -range, range);
                g.setForegroundColor(v[i] >= 0 ? VALUES : OTHER);
                g.setBackgroundColor(v[i] >= 0 ? VALUES : OTHER);
                if (px != Integer.MIN_VALUE) {
                    g.drawLine(px, py, x, y);
                } else if (pass == 0) {
                    g.fillOval(x - 2, y - 2, 5, 5);
                }
                px = x;
                py = y;
            }
        }
        g.setLineStyle(SWT.LINE_SOLID);
        g.setLineWidth(1);
        g.setForegroundColor(CURRENT);
        g.drawText(String.format(java.util.Locale.ROOT, "±%.0f", range), plot.x + 1, plot.y - 2);
        paintNow(g, r, plot, from, to, now);
    }

    private static void paintNow(Graphics g, Rectangle r, Rectangle plot, long from, long to, long now) {
        if (now >= from && now <= to) {
            int x = x(plot, now, from, to);
            g.setForegroundColor(CURRENT);
            g.setLineStyle(SWT.LINE_DASH);
            g.drawLine(x, r.y + 1, x, r.bottom() - 2);
            g.setLineStyle(SWT.LINE_SOLID);
        }
    }

    private static void paintSeries(Graphics g, Rectangle plot, FlowSeries s, long from, long to, double lo,
            double hi, Color colour) {
        int n = s.size();
        int[] band = new int[4 * n];
        int[] line = new int[2 * n];
        int points = 0;
        for (int i = 0; i < n; i++) {
            RecordStats st = s.stats().get(i);
            if (s.iteration(i) < from) {
                continue; // a compared run's match before the window: it only serves the difference
            }
            int x = x(plot, s.iteration(i), from, to);
            if (st.nonFiniteCount() > 0) {
                g.setBackgroundColor(NON_FINITE);
                g.fillRectangle(x - 1, plot.y - 2, 3, 6);
            }
            if (st.finiteCount() == 0) {
                continue;
            }
            band[2 * points] = x;
            band[2 * points + 1] = y(plot, st.q95(), lo, hi);
            band[4 * n - 2 * points - 2] = x;
            band[4 * n - 2 * points - 1] = y(plot, st.q05(), lo, hi);
            line[2 * points] = x;
            line[2 * points + 1] = y(plot, st.mean(), lo, hi);
            points++;
        }
        if (points == 0) {
            return;
        }
        g.setForegroundColor(colour);
        g.setBackgroundColor(colour);
        if (points == 1) {
            g.drawLine(line[0], band[1], line[0], band[4 * n - 1]);
            g.fillOval(line[0] - 2, line[1] - 2, 5, 5);
            return;
        }
        int[] polygon = new int[4 * points];
        System.arraycopy(band, 0, polygon, 0, 2 * points);
        System.arraycopy(band, 4 * n - 2 * points, polygon, 2 * points, 2 * points);
        g.setAlpha(60);
        g.fillPolygon(polygon);
        g.setAlpha(255);
        g.setLineWidth(2);
        int[] mean = new int[2 * points];
        System.arraycopy(line, 0, mean, 0, 2 * points);
        g.drawPolyline(mean);
        g.setLineWidth(1);
    }

    private static int x(Rectangle plot, long it, long from, long to) {
        double t = to > from ? (it - from) / (double) (to - from) : 0.5;
        return plot.x + (int) Math.round(t * (plot.width - 1));
    }

    private static int y(Rectangle plot, double v, double lo, double hi) {
        double t = (v - lo) / (hi - lo);
        t = Math.max(0, Math.min(1, t));
        return plot.bottom() - 1 - (int) Math.round(t * (plot.height - 1));
    }
}
