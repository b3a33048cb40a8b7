package org.trainscope.core.snapshot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.render.FigureFiles;
import org.trainscope.core.render.Painter;
import org.trainscope.core.render.Painter.Anchor;

/**
 * The Snapshot view's picture without a display ({@code trainscope-cli export --view snapshot}):
 * a title (run, iteration, window, the most abnormal nodes), the network placed as the view places
 * it (the ELK layered placement of {@code SnapshotLayout} in org.trainscope.algorithms.credit, given
 * here as a {@link Drawing}), every node with its data-flow chart (values' mean and 5–95 % band, the
 * gradients' in a second colour on their own scale, red ticks for records with NaN/±Inf, the current
 * iteration dashed), the marked nodes framed red with their rank, and a legend. Painted through
 * {@link Painter}, so {@link FigureFiles} writes SVG or PNG (headless AWT). The colours and shapes
 * are the view's.
 */
public final class SnapshotPainter {
    /** A placed snapshot: boxes {x, y, width, height} by node id and by "group:NAME", edge routes, collapsed groups. */
    public record Drawing(Map<String, double[]> boxes, List<List<double[]>> routes, Set<String> collapsed,
            double width, double height) {
    }

    public static final int VALUES = 0x1F77B4;
    public static final int GRADIENTS = 0xD6278C;
    public static final int NON_FINITE = 0xD7301F;
    private static final int CURRENT = 0x5A5A5A;
    private static final int FRAME = 0xD7D7D7;
    private static final int BORDER = 0x787882;
    private static final int EDGE = 0x8C8C96;
    private static final int TEXT = 0x202020;
    private static final int OPERATOR_FILL = 0xFAFAFC;
    private static final int VARIABLE_FILL = 0xFFFAEE;
    private static final int PARAMETER_FILL = 0xF2F4F7;
    private static final int GROUP_FILL = 0xF4F6FB;
    private static final int GROUP_BORDER = 0xAAB2C8;
    private static final double MARGIN = 12;
    private static final double LINE = 15;
    /** Title lines above the network, legend lines below it. */
    private static final double TITLE = 3 * LINE;
    private static final double LEGEND = 2 * LINE + 8;

    private SnapshotPainter() {
    }

    /** The picture's size for {@code d}: the network plus margins, title and legend. */
    public static int width(Drawing d) {
        return (int) Math.ceil(Math.max(d.width(), 760) + 2 * MARGIN);
    }

    public static int height(Drawing d) {
        return (int) Math.ceil(d.height() + 2 * MARGIN + TITLE + LEGEND);
    }

    /** Writes the picture of {@code model} placed by {@code d} to {@code file} (.svg or .png). */
    public static void write(SnapshotGraphModel model, Drawing d, Path file) throws IOException {
        FigureFiles.write(file, width(d), height(d), p -> paint(model, d, p));
    }

    public static void paint(SnapshotGraphModel model, Drawing d, Painter p) {
        p.color(0xFFFFFF);
        p.rectangle(0, 0, width(d), height(d), true);
        title(model, p);
        double ox = MARGIN;
        double oy = MARGIN + TITLE;
        for (Map.Entry<String, List<String>> g : model.groups().entrySet()) {
            double[] b = d.boxes().get("group:" + g.getKey());
            if (b == null || d.collapsed().contains(g.getKey())) {
                continue;
            }
            p.color(GROUP_FILL);
            p.rectangle(ox + b[0], oy + b[1], b[2], b[3], true);
            boolean abnormal = g.getValue().stream().anyMatch(id -> model.node(id).map(NodeFlow::marked).orElse(false));
            p.color(abnormal ? NON_FINITE : GROUP_BORDER);
            p.lineWidth(1);
            p.dashed(false);
            p.rectangle(ox + b[0], oy + b[1], b[2], b[3], false);
            p.color(0x465070);
            p.text(g.getKey() + " (" + g.getValue().size() + ")", ox + b[0] + 6, oy + b[1] + 4, Anchor.TOP_LEFT);
        }
        p.color(EDGE);
        p.lineWidth(1);
        for (List<double[]> route : d.routes()) {
            if (route.size() < 2) {
                continue;
            }
            double[] xy = new double[2 * route.size()];
            for (int i = 0; i < route.size(); i++) {
                xy[2 * i] = ox + route.get(i)[0];
                xy[2 * i + 1] = oy + route.get(i)[1];
            }
            p.polyline(xy, route.size());
            arrow(p, xy);
        }
        for (String group : d.collapsed()) {
            double[] b = d.boxes().get("group:" + group);
            List<String> members = model.groups().getOrDefault(group, List.of());
            NodeFlow representative = members.stream().map(id -> model.node(id).orElseThrow())
                    .min(Comparator.comparingInt((NodeFlow n) -> n.rank() == 0 ? Integer.MAX_VALUE : n.rank()))
                    .orElse(null);
            if (b != null && representative != null) {
                node(model, representative, "▸ " + group + " (" + members.size() + ")", NodeKind.OPERATOR,
                        shift(b, ox, oy), p);
            }
        }
        for (NodeFlow n : model.nodes()) {
            double[] b = d.boxes().get(n.id());
            if (b != null) {
                node(model, n, NodeNames.name(n.node()), n.node().kind(), shift(b, ox, oy), p);
            }
        }
        legend(p, oy + d.height() + 8);
    }

    private static double[] shift(double[] b, double ox, double oy) {
        return new double[] { ox + b[0], oy + b[1], b[2], b[3] };
    }

    private static void title(SnapshotGraphModel model, Painter p) {
        p.color(TEXT);
        p.text(model.runName() + ": snapshot at iteration " + model.iteration() + " · window " + model.fromIteration()
                + "–" + model.toIteration(), MARGIN, MARGIN, Anchor.TOP_LEFT);
        StringBuilder b = new StringBuilder();
        List<NodeFlow> marked = model.marked();
        if (marked.isEmpty()) {
            b.append("No node stands out (score ≥ ").append(AbnormalityScore.MARK_THRESHOLD).append(")");
        } else {
            b.append("Most abnormal: ");
            for (NodeFlow n : marked) {
                double s = n.abnormality().score();
                b.append('#').append(n.rank()).append(' ').append(n.id()).append(s >= AbnormalityScore.NON_FINITE
                        ? " (non-finite)  " : String.format(Locale.ROOT, " (score %.1f)  ", s));
            }
        }
        p.text(b.toString().trim(), MARGIN, MARGIN + LINE, Anchor.TOP_LEFT);
        if (!model.warnings().isEmpty()) {
            p.color(0xA03000);
            p.text("warning: " + String.join("; ", model.warnings()), MARGIN, MARGIN + 2 * LINE, Anchor.TOP_LEFT);
        }
    }

    private static void node(SnapshotGraphModel model, NodeFlow n, String title, NodeKind kind, double[] r, Painter p) {
        boolean marked = n.marked();
        p.dashed(false);
        double[] chart;
        double[] titleAt;
        if (kind == NodeKind.RANDOM_VARIABLE) {
            p.color(VARIABLE_FILL);
            p.oval(r[0], r[1], r[2], r[3], true);
            p.color(marked ? NON_FINITE : BORDER);
            p.lineWidth(marked ? 3 : 1);
            p.dashed(true);
            p.oval(r[0], r[1], r[2], r[3], false);
            p.dashed(false);
            double cw = r[2] * 0.64;
            double ch = r[3] * 0.42;
            titleAt = new double[] { r[0] + (r[2] - cw) / 2, r[1] + r[3] * 0.12 };
            chart = new double[] { r[0] + (r[2] - cw) / 2, titleAt[1] + 17, cw, ch };
        } else {
            p.color(kind == NodeKind.PARAMETER ? PARAMETER_FILL : OPERATOR_FILL);
            p.rectangle(r[0], r[1], r[2], r[3], true);
            p.color(marked ? NON_FINITE : BORDER);
            p.lineWidth(marked ? 3 : 1);
            p.rectangle(r[0], r[1], r[2], r[3], false);
            titleAt = new double[] { r[0] + 5, r[1] + 2 };
            chart = new double[] { r[0] + 5, r[1] + 19, r[2] - 10, r[3] - 24 };
        }
        p.lineWidth(1);
        p.color(TEXT);
        p.text(fit(p, title, r[2] - 12 - (marked ? 26 : 0)), titleAt[0], titleAt[1], Anchor.TOP_LEFT);
        chart(p, chart, n.series(), model.fromIteration(), model.toIteration(), model.iteration());
        if (marked) {
            double dd = 20;
            double x = r[0] + r[2] - dd - 2;
            double y = r[1] + 1;
            p.color(NON_FINITE);
            p.oval(x, y, dd, dd, true);
            p.color(0xFFFFFF);
            p.text("#" + n.rank(), x + dd / 2, y + dd / 2, Anchor.CENTER);
        }
    }

    private static String fit(Painter p, String text, double width) {
        String t = text;
        while (t.length() > 1 && p.textWidth(t) > width) {
            t = t.substring(0, t.length() - 2) + "…";
        }
        return t;
    }

    /** The view's node chart (FlowChart in org.trainscope.ui.graph): values and gradients, each on its own scale. */
    static void chart(Painter p, double[] r, List<FlowSeries> series, long from, long to, long now) {
        p.color(FRAME);
        p.lineWidth(1);
        p.rectangle(r[0], r[1], r[2], r[3], false);
        double[] plot = { r[0] + 2, r[1] + 3, r[2] - 4, r[3] - 6 };
        if (series.stream().allMatch(s -> s.size() == 0)) {
            p.color(CURRENT);
            p.text("not recorded", r[0] + 4, r[1] + r[3] / 2, Anchor.MIDDLE_LEFT);
            return;
        }
        for (boolean gradients : new boolean[] { false, true }) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (FlowSeries s : series) {
                if (s.isGradient() == gradients) {
                    for (RecordStats st : s.stats()) {
                        if (st.finiteCount() > 0) {
                            lo = Math.min(lo, Math.min(st.q05(), st.mean()));
                            hi = Math.max(hi, Math.max(st.q95(), st.mean()));
                        }
                    }
                }
            }
            if (!(lo <= hi)) {
                lo = -1;
                hi = 1;
            } else if (hi == lo) {
                lo -= Math.max(1e-12, Math.abs(lo) * 0.1);
                hi += Math.max(1e-12, Math.abs(hi) * 0.1);
            }
            for (FlowSeries s : series) {
                if (s.isGradient() == gradients) {
                    series(p, plot, s, from, to, lo, hi, gradients ? GRADIENTS : VALUES);
                }
            }
        }
        if (now >= from && now <= to) {
            double x = x(plot, now, from, to);
            p.color(CURRENT);
            p.dashed(true);
            p.line(x, r[1] + 1, x, r[1] + r[3] - 1);
            p.dashed(false);
        }
    }

    private static void series(Painter p, double[] plot, FlowSeries s, long from, long to, double lo, double hi,
            int colour) {
        int n = s.size();
        double[] upper = new double[2 * n];
        double[] lower = new double[2 * n];
        double[] mean = new double[2 * n];
        int points = 0;
        for (int i = 0; i < n; i++) {
            RecordStats st = s.stats().get(i);
            double x = x(plot, s.iteration(i), from, to);
            if (st.nonFiniteCount() > 0) {
                p.color(NON_FINITE);
                p.rectangle(x - 1, plot[1] - 2, 3, 6, true);
            }
            if (st.finiteCount() == 0) {
                continue;
            }
            upper[2 * points] = x;
            upper[2 * points + 1] = y(plot, st.q95(), lo, hi);
            lower[2 * points] = x;
            lower[2 * points + 1] = y(plot, st.q05(), lo, hi);
            mean[2 * points] = x;
            mean[2 * points + 1] = y(plot, st.mean(), lo, hi);
            points++;
        }
        if (points == 0) {
            return;
        }
        p.color(colour);
        if (points == 1) {
            p.line(mean[0], upper[1], mean[0], lower[1]);
            p.oval(mean[0] - 2, mean[1] - 2, 5, 5, true);
            return;
        }
        double[] band = new double[4 * points];
        System.arraycopy(upper, 0, band, 0, 2 * points);
        for (int k = 0; k < points; k++) {
            band[2 * points + 2 * k] = lower[2 * (points - 1 - k)];
            band[2 * points + 2 * k + 1] = lower[2 * (points - 1 - k) + 1];
        }
        p.alpha(60);
        p.polygon(band, 2 * points, true);
        p.alpha(255);
        p.lineWidth(2);
        p.polyline(mean, points);
        p.lineWidth(1);
    }

    private static void legend(Painter p, double y) {
        double x = MARGIN;
        x = legendLine(p, x, y, VALUES, "values: mean, 5–95 % band");
        x = legendLine(p, x, y, GRADIENTS, "gradients (own scale)");
        p.color(CURRENT);
        p.dashed(true);
        p.line(x, y - 6, x, y + 6);
        p.dashed(false);
        p.text("current iteration", x + 5, y, Anchor.MIDDLE_LEFT);
        x += p.textWidth("current iteration") + 20;
        p.color(NON_FINITE);
        p.rectangle(x, y - 6, 3, 6, true);
        p.color(TEXT);
        p.text("NaN/Inf", x + 6, y, Anchor.MIDDLE_LEFT);
        double y2 = y + LINE + 2;
        p.color(NON_FINITE);
        p.oval(MARGIN, y2 - 7, 14, 14, true);
        p.color(TEXT);
        p.text("#k: most abnormal (robust z of log |value| against its own history; NaN/Inf first) · box: operator,"
                + " dashed ellipse: random variable, small box: parameter", MARGIN + 18, y2, Anchor.MIDDLE_LEFT);
    }

    private static double legendLine(Painter p, double x, double y, int colour, String text) {
        p.color(colour);
        p.alpha(60);
        p.rectangle(x, y - 6, 22, 12, true);
        p.alpha(255);
        p.lineWidth(2);
        p.line(x, y, x + 22, y);
        p.lineWidth(1);
        p.color(TEXT);
        p.text(text, x + 26, y, Anchor.MIDDLE_LEFT);
        return x + 26 + p.textWidth(text) + 18;
    }

    private static void arrow(Painter p, double[] xy) {
        int n = xy.length;
        double dx = xy[n - 2] - xy[n - 4];
        double dy = xy[n - 1] - xy[n - 3];
        double len = Math.hypot(dx, dy);
        if (len < 1) {
            return;
        }
        dx /= len;
        dy /= len;
        double tx = xy[n - 2];
        double ty = xy[n - 1];
        p.polygon(new double[] { tx, ty, tx - 7 * dx - 3.5 * dy, ty - 7 * dy + 3.5 * dx, tx - 7 * dx + 3.5 * dy,
                ty - 7 * dy - 3.5 * dx }, 3, true);
    }

    private static double x(double[] plot, long it, long from, long to) {
        double t = to > from ? (it - from) / (double) (to - from) : 0.5;
        return plot[0] + t * (plot[2] - 1);
    }

    private static double y(double[] plot, double v, double lo, double hi) {
        double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
        return plot[1] + plot[3] - 1 - t * (plot[3] - 1);
    }
}
