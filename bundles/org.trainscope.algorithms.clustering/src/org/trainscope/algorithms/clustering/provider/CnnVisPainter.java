package org.trainscope.algorithms.clustering.provider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.core.render.FigureFiles;
import org.trainscope.core.render.Painter;
import org.trainscope.core.render.Painter.Anchor;

/**
 * The CNNVis picture without a display, for {@code trainscope-cli export --view cnnvis}: a title,
 * the model's layer groups as boxes at the places {@link CnnVisProvider} laid them out (the view
 * uses the same model and layout), each cluster a rectangle with its facet (the probe inputs that
 * activate it most, or its reordered activation matrix), the bundles between adjacent groups as
 * fans of curves into a common waist coloured by the chosen encoding ({@link CnnVisColours}) and
 * as thick as their mean |weight|, the debugging facts under each group (and, when given, its
 * {@link ClusterPurity}), and below everything the legend with the encoding's range ("weights of
 * edges −0.898 to 0.669") and the model's warnings.
 * Painted through {@link Painter}, so {@link FigureFiles} writes SVG or PNG (headless AWT).
 * <p>
 * The view draws the same model with draw2d figures (it needs interaction), not with this class.
 */
public final class CnnVisPainter {
    /** What a cluster's rectangle shows. */
    public enum Facet {
        /** The probe inputs with the largest mean activation over the cluster, as pictures. */
        LEARNED_FEATURES("learned-features", "learned features: the probe inputs that activate the cluster most"),
        /** Probe inputs x neurons in the reorderer's order, white (lowest) to dark blue (highest). */
        ACTIVATIONS("activations", "activation matrix: probe inputs (rows) x neurons, white low to dark blue high,"
                + " red NaN/Inf");

        private final String id;
        private final String legend;

        Facet(String id, String legend) {
            this.id = id;
            this.legend = legend;
        }

        /** The spelling of the command line: learned-features, activations. */
        public String id() {
            return id;
        }

        public static Facet fromId(String id) {
            for (Facet f : values()) {
                if (f.id.equals(id)) {
                    return f;
                }
            }
            throw new IllegalArgumentException("unknown facet '" + id + "' (learned-features, activations)");
        }
    }

    /** Pixels above the model's picture for the title. */
    public static final double TITLE = 40;
    private static final double LINE = 14;
    private static final double MARGIN = 8;
    private static final double CHAR_WIDTH = 6.6;
    private static final double LEGEND_BAR = 160;
    private static final int TEXT_RGB = 0x202020;
    private static final int GREY_RGB = 0x707070;
    private static final int BOX_RGB = 0xC0C0C0;
    private static final int WARNING_RGB = 0xA03000;

    private CnnVisPainter() {
    }

    /** The figure's width: the model's. */
    public static int width(CnnVisModel model) {
        return model.width();
    }

    /** The figure's height: title, the model's picture (purity lines included), the legend and one line per warning. */
    public static int height(CnnVisModel model) {
        return (int) Math.ceil(legendTop(model) + legendHeight(model));
    }

    private static double legendTop(CnnVisModel model) {
        return TITLE + model.height();
    }

    private static double legendHeight(CnnVisModel model) {
        return MARGIN + 4 * LINE + warnings(model).size() * LINE + MARGIN;
    }

    /**
     * Writes the figure to {@code file} (.svg or .png). The learned-features facet falls back to
     * the activation matrix when the probe inputs are not pictures.
     */
    public static void write(CnnVisModel model, Facet facet, Path file) throws IOException {
        FigureFiles.write(file, width(model), height(model), p -> paint(model, facet, p));
    }

    /** The facet drawn for {@code wanted} on {@code model}: activations when there are no pictures. */
    public static Facet effective(CnnVisModel model, Facet wanted) {
        return wanted == Facet.LEARNED_FEATURES && model.probeImages().isEmpty() ? Facet.ACTIVATIONS : wanted;
    }

    public static void paint(CnnVisModel model, Facet wanted, Painter p) {
        Facet facet = effective(model, wanted);
        p.color(0xFFFFFF);
        p.rectangle(0, 0, width(model), height(model), true);
        p.color(TEXT_RGB);
        p.text("CNNVis: " + model.runName() + " · iteration " + model.iteration(), MARGIN, MARGIN, Anchor.TOP_LEFT);
        p.color(GREY_RGB);
        String bundles = model.links().isEmpty() ? "" : " · bundles: " + model.links().get(0).biclustering();
        p.text(clip("clusters: " + (model.groups().isEmpty() ? "" : model.groups().get(0).clustering()) + bundles,
                model.width() - 2 * MARGIN), MARGIN, MARGIN + LINE, Anchor.TOP_LEFT);
        paintBundles(model, p);
        double maxGradient = 0;
        double maxChange = 0;
        for (CnnVisModel.Group g : model.groups()) {
            maxGradient = Math.max(maxGradient, finite(g.facts().meanAbsGradient()));
            maxChange = Math.max(maxChange, finite(g.facts().relativeChange()));
        }
        for (CnnVisModel.Group g : model.groups()) {
            Rect box = shifted(g.box());
            p.color(TEXT_RGB);
            p.text(clip(g.label(), box.width() + 30), box.x(), TITLE + 2, Anchor.TOP_LEFT);
            p.color(GREY_RGB);
            p.text(g.neuronCount() + (g.unitsPerNeuron() > 1 ? " channels" : " units") + ", " + g.clusters().size()
                    + " clusters", box.x(), TITLE + 17, Anchor.TOP_LEFT);
            p.color(BOX_RGB);
            p.lineWidth(1);
            p.rectangle(box.x() - 1, box.y() - 1, box.width() + 2, box.height() + 2, false);
            for (CnnVisModel.Cluster c : g.clusters()) {
                paintCluster(model, c, facet, p);
            }
            paintFacts(g, box, maxGradient, maxChange, p);
            p.color(TEXT_RGB);
            String[] lines = purityText(model.purity(g));
            for (int i = 0; i < lines.length; i++) {
                p.text(clip(lines[i], box.width() + 30), box.x(), box.bottom() + CnnVisProvider.PURITY_TOP + i * LINE,
                        Anchor.TOP_LEFT);
            }
        }
        paintLegend(model, facet, legendTop(model), true, p);
    }

    private static void paintCluster(CnnVisModel model, CnnVisModel.Cluster c, Facet facet, Painter p) {
        Rect r = shifted(c.rect());
        p.color(0xFFFFFF);
        p.rectangle(r.x(), r.y(), r.width(), r.height(), true);
        boolean label = r.height() >= 26 && r.width() >= 24;
        double top = r.y() + 2 + (label ? 11 : 0);
        Rect inner = new Rect(r.x() + 2, top, r.width() - 4, r.bottom() - 2 - top);
        if (inner.width() > 2 && inner.height() > 2) {
            if (facet == Facet.LEARNED_FEATURES) {
                thumbnails(model, c, inner, p);
            } else {
                heatmap(c.activations(), inner, p);
            }
        }
        if (label) {
            p.color(GREY_RGB);
            p.text(clip("#" + c.index() + " · " + c.size(), r.width() - 4), r.x() + 2, r.y(), Anchor.TOP_LEFT);
        }
        p.color(c.nonFinite() ? CnnVisColours.NON_FINITE_VALUE : 0x909090);
        p.lineWidth(c.nonFinite() ? 2 : 1);
        p.rectangle(r.x(), r.y(), r.width(), r.height(), false);
        p.lineWidth(1);
    }

    /** The cluster's top probe inputs in the grid that makes them largest, as the view's facet does. */
    private static void thumbnails(CnnVisModel model, CnnVisModel.Cluster c, Rect box, Painter p) {
        CnnVisModel.ProbeImages images = model.probeImages().orElseThrow();
        ProbeImageLayout l = images.layout();
        int[] top = c.topProbes();
        int n = top.length;
        double bestSide = 0;
        int bestColumns = 1;
        for (int columns = 1; columns <= n; columns++) {
            int rows = (n + columns - 1) / columns;
            double side = Math.floor(Math.min(box.width() / columns, box.height() / rows));
            if (side > bestSide) {
                bestSide = side;
                bestColumns = columns;
            }
        }
        if (bestSide < 3) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (top[i] >= l.count()) {
                continue;
            }
            int[] argb = new int[l.width() * l.height()];
            for (int y = 0; y < l.height(); y++) {
                for (int x = 0; x < l.width(); x++) {
                    int rgb;
                    if (l.rgb()) {
                        rgb = images.levels().level(images.values()[l.index(top[i], 0, y, x)]) << 16
                                | images.levels().level(images.values()[l.index(top[i], 1, y, x)]) << 8
                                | images.levels().level(images.values()[l.index(top[i], 2, y, x)]);
                    } else {
                        float v = images.values()[l.index(top[i], 0, y, x)];
                        rgb = Float.isFinite(v) ? images.levels().rgb(v) : 0xFF0000;
                    }
                    argb[y * l.width() + x] = 0xFF000000 | rgb;
                }
            }
            double x = box.x() + (i % bestColumns) * bestSide;
            double y = box.y() + (i / bestColumns) * bestSide;
            p.image(argb, l.width(), l.height(), x + 1, y + 1, bestSide - 2, bestSide - 2);
        }
    }

    /** The cluster's reordered activation matrix, scaled into the box. */
    private static void heatmap(FloatMatrix m, Rect box, Painter p) {
        if (m.rows() == 0 || m.cols() == 0) {
            return;
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : m.data()) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int[] argb = new int[m.rows() * m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                float v = m.get(r, c);
                int rgb = !Float.isFinite(v) ? CnnVisColours.NON_FINITE_VALUE
                        : CnnVisColours.activation(hi > lo ? (v - lo) / (hi - lo) : 0.5);
                argb[r * m.cols() + c] = 0xFF000000 | rgb;
            }
        }
        p.image(argb, m.cols(), m.rows(), box.x(), box.y(), box.width(), box.height());
    }

    private static void paintBundles(CnnVisModel model, Painter p) {
        EdgeEncoding enc = model.encoding();
        CnnVisModel.Range range = model.ranges().get(enc);
        double maxStrength = 0;
        for (CnnVisModel.Link l : model.links()) {
            for (CnnVisModel.Bundle b : l.bundles()) {
                maxStrength = Math.max(maxStrength, finite(b.meanAbsWeight()));
            }
        }
        for (CnnVisModel.Link l : model.links()) {
            CnnVisModel.Group from = model.groups().get(l.from());
            CnnVisModel.Group to = model.groups().get(l.to());
            Rect a = shifted(from.box());
            Rect b = shifted(to.box());
            double waistX = (a.right() + b.x()) / 2;
            if (l.problem().isPresent()) {
                p.color(GREY_RGB);
                p.text(l.oneToOne() ? "1:1" : "?", waistX, a.y() + a.height() / 2, Anchor.CENTER);
                continue;
            }
            for (CnnVisModel.Bundle bundle : l.bundles()) {
                double[] fromY = new double[bundle.fromClusters().length];
                double[] toY = new double[bundle.toClusters().length];
                double sumY = 0;
                for (int i = 0; i < fromY.length; i++) {
                    fromY[i] = centreY(from.clusters().get(bundle.fromClusters()[i]).rect());
                    sumY += fromY[i];
                }
                for (int i = 0; i < toY.length; i++) {
                    toY[i] = centreY(to.clusters().get(bundle.toClusters()[i]).rect());
                    sumY += toY[i];
                }
                double waistY = sumY / (fromY.length + toY.length);
                p.color(CnnVisColours.edge(bundle.value(enc), enc, range));
                p.alpha(190);
                double strength = maxStrength > 0 ? finite(bundle.meanAbsWeight()) / maxStrength : 0;
                p.lineWidth(1 + 5 * strength);
                p.dashed(bundle.nonFinite());
                for (double y : fromY) {
                    p.polyline(curve(a.right(), y, waistX, waistY), 17);
                }
                for (double y : toY) {
                    p.polyline(curve(waistX, waistY, b.x(), y), 17);
                }
            }
        }
        p.alpha(255);
        p.lineWidth(1);
        p.dashed(false);
    }

    /** A cubic Bézier from (x0, y0) to (x1, y1) leaving and arriving horizontally, as 17 points (the view's curve). */
    static double[] curve(double x0, double y0, double x1, double y1) {
        double[] xy = new double[34];
        double dx = (x1 - x0) / 2.0;
        for (int i = 0; i <= 16; i++) {
            double t = i / 16.0;
            double u = 1 - t;
            xy[2 * i] = u * u * u * x0 + 3 * u * u * t * (x0 + dx) + 3 * u * t * t * (x1 - dx) + t * t * t * x1;
            xy[2 * i + 1] = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
        }
        return xy;
    }

    private static void paintFacts(CnnVisModel.Group g, Rect box, double maxGradient, double maxChange, Painter p) {
        CnnVisModel.LayerFacts f = g.facts();
        double y = box.bottom() + 4;
        if (!f.hasWeights()) {
            p.color(GREY_RGB);
            p.text(clip(f.note(), box.width() + 30), box.x(), y, Anchor.TOP_LEFT);
            return;
        }
        double barWidth = Math.max(10, box.width() - 4);
        bar(p, box.x(), y, barWidth, f.meanAbsGradient(), maxGradient, CnnVisColours.GRADIENT_FACT,
                "avg |gradient| " + number(f.meanAbsGradient()));
        bar(p, box.x(), y + 16, barWidth, f.relativeChange(), maxChange, CnnVisColours.CHANGE_FACT,
                "avg rel. change " + (Double.isFinite(f.relativeChange())
                        ? String.format(Locale.ROOT, "%.2f%%", 100 * f.relativeChange()) : "–"));
        boolean nonFinite = f.nonFiniteGradients() + f.nonFiniteWeights() > 0;
        String note = nonFinite ? "NaN/Inf: " + f.nonFiniteWeights() + " weights, " + f.nonFiniteGradients() + " gradients"
                : f.note();
        if (!note.isEmpty()) {
            p.color(nonFinite ? CnnVisColours.NON_FINITE_VALUE : GREY_RGB);
            p.text(clip(note, box.width() + 30), box.x(), y + 32, Anchor.TOP_LEFT);
        }
    }

    private static void bar(Painter p, double x, double y, double width, double v, double max, int rgb, String text) {
        if (Double.isFinite(v) && max > 0) {
            p.color(rgb);
            p.alpha(70);
            p.rectangle(x, y + 1, Math.max(1, width * v / max), 13, true);
            p.alpha(255);
        }
        p.color(TEXT_RGB);
        p.text(text, x + 2, y, Anchor.TOP_LEFT);
    }

    /** The encoding's colour scale with its range, the facts' and the facet's meaning, the warnings. */
    private static void paintLegend(CnnVisModel model, Facet facet, double top, boolean purity, Painter p) {
        double y = top + MARGIN;
        EdgeEncoding enc = model.encoding();
        CnnVisModel.Range range = model.ranges().get(enc);
        if (!range.isEmpty()) {
            int steps = 64;
            int[] argb = new int[steps];
            for (int i = 0; i < steps; i++) {
                double v = range.min() + (range.max() - range.min()) * i / (steps - 1);
                argb[i] = 0xFF000000 | CnnVisColours.edge(v, enc, range);
            }
            p.image(argb, steps, 1, MARGIN, y + 1, LEGEND_BAR, LINE - 3);
            p.color(BOX_RGB);
            p.rectangle(MARGIN, y + 1, LEGEND_BAR, LINE - 3, false);
        }
        p.color(TEXT_RGB);
        p.text(model.legend() + " (colour; thickness: mean |weight|; dashed: non-finite weights)",
                MARGIN + LEGEND_BAR + 8, y, Anchor.TOP_LEFT);
        y += LINE;
        p.color(CnnVisColours.GRADIENT_FACT);
        p.text("avg |gradient|: mean |gradient| of the group's weights;", MARGIN, y, Anchor.TOP_LEFT);
        p.color(CnnVisColours.CHANGE_FACT);
        String change = "avg rel. change: Σ|W(t) − W(t−1)| / Σ|W(t−1)| since the previous weight record";
        p.text(change, MARGIN + p.textWidth("avg |gradient|: mean |gradient| of the group's weights;") + 6, y,
                Anchor.TOP_LEFT);
        y += LINE;
        p.color(GREY_RGB);
        p.text("facet: " + facet.legend + "; red frame: neurons with NaN/Inf activations; #cluster · neurons", MARGIN,
                y, Anchor.TOP_LEFT);
        y += LINE;
        if (purity) {
            p.text(clip("purity: share of the neurons preferring (by class-mean activation) their cluster's most common"
                    + " class; chance: the same with the preferences shuffled; r: mean correlation of neurons within"
                    + " clusters (all pairs: of the group)",
                    model.width() - 2 * MARGIN), MARGIN, y, Anchor.TOP_LEFT);
            y += LINE;
        }
        for (String w : warnings(model)) {
            p.color(WARNING_RGB);
            p.text(clip("warning: " + w, model.width() - 2 * MARGIN), MARGIN, y, Anchor.TOP_LEFT);
            y += LINE;
        }
    }

    /** "purity 0.59 (chance 0.37)", "r 0.43 (all pairs 0.10)": the group's figures in two lines. */
    public static String[] purityText(ClusterPurity c) {
        String purity = c.labelled() ? "purity " + two(c.purity()) + " (chance " + two(c.chancePurity()) + ")"
                : "no labels: no purity";
        String nonFinite = c.nonFiniteNeurons() > 0 ? " · " + c.nonFiniteNeurons() + " NaN/Inf" : "";
        return new String[] { purity + nonFinite,
                "r " + two(c.redundancy()) + " (all pairs " + two(c.groupCorrelation()) + ")" };
    }

    private static String two(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f", v).replace('-', '\u2212') : "–";
    }

    private static List<String> warnings(CnnVisModel model) {
        List<String> out = new ArrayList<>(model.warnings());
        for (CnnVisModel.Link l : model.links()) {
            l.problem().ifPresent(problem -> out.add("no bundles between " + model.groups().get(l.from()).label()
                    + " and " + model.groups().get(l.to()).label() + ": " + problem));
        }
        return out;
    }

    private static Rect shifted(Rect r) {
        return new Rect(r.x(), r.y() + TITLE, r.width(), r.height());
    }

    private static double centreY(Rect r) {
        return TITLE + r.y() + r.height() / 2;
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : 0;
    }

    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "–";
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 0.01 && Math.abs(v) < 1000 ? "%.3f" : "%.2e", v);
    }

    /** Shortened with an ellipsis to about {@code width} pixels (the figure's nominal character width). */
    private static String clip(String text, double width) {
        int max = (int) Math.max(4, width / CHAR_WIDTH);
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
