package org.trainscope.algorithms.credit.provider;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.core.render.FigureFiles;
import org.trainscope.core.render.Painter;
import org.trainscope.core.render.Painter.Anchor;

/**
 * The Neuron Credit view's picture without a display: the credit graph laid out by
 * {@link CreditGraphLayout} (the layout the view uses), in the colours of {@link CreditColours},
 * with a title (run, neuron, method, inputs), the warnings, and the input strip on the right (the
 * inputs that drive the neuron most, with their relevance maps). Painted through
 * {@link Painter}, so {@link FigureFiles} writes it as SVG or PNG (headless AWT).
 * <p>
 * From plain Java: {@code CreditGraphPainter.write(new CreditGraphProvider().compute(request, monitor), Path.of("credit.png"))}
 * (see {@link CreditGraphProvider} for the request).
 */
public final class CreditGraphPainter {
    /** Character width and line height the figure is laid out with, whatever painter draws it (SVG or PNG). */
    public static final double CHAR_WIDTH = 6.6;
    public static final double LINE_HEIGHT = 14;
    /** Inputs drawn in the strip, as in the view. */
    public static final int STRIP_INPUTS = 8;
    /** Side of an input picture in the strip. */
    public static final double PICTURE = 72;
    private static final double MARGIN = 12;
    private static final double GAP = 8;
    private static final double STRIP_TEXT = 110;
    private static final int TITLE_RGB = 0x202020;
    private static final int WARNING_RGB = 0xA03000;

    /**
     * Where the parts of the figure go.
     *
     * @param graph the graph's own layout, at scale 1
     * @param graphX left of the graph
     * @param graphY top of the graph
     * @param scale the graph's scale (at most 1: shrunk to fit the width, never enlarged)
     * @param stripX left of the input strip
     * @param stripY top of the strip's first row
     * @param rowHeight height of a row of the strip
     * @param width the figure's width
     * @param height the figure's height
     */
    public record Placement(CreditGraphLayout.Result graph, double graphX, double graphY, double scale, double stripX,
            double stripY, double rowHeight, int width, int height) {
    }

    private CreditGraphPainter() {
    }

    /** The figure at the size that shows the graph at scale 1. */
    public static Placement place(CreditGraphModel model) {
        CreditGraphLayout.Result graph = CreditGraphLayout.layout(model.graph(), CHAR_WIDTH, LINE_HEIGHT);
        double stripWidth = stripWidth(model);
        int width = (int) Math.ceil(MARGIN + graph.width() + GAP + stripWidth + MARGIN);
        return place(model, graph, width, 0);
    }

    /**
     * The figure in {@code width} x {@code height} pixels (0 for either: as much as the content
     * needs); the graph shrinks to fit the width left of the strip.
     */
    public static Placement place(CreditGraphModel model, int width, int height) {
        return place(model, CreditGraphLayout.layout(model.graph(), CHAR_WIDTH, LINE_HEIGHT), width, height);
    }

    private static Placement place(CreditGraphModel model, CreditGraphLayout.Result graph, int width, int height) {
        double header = MARGIN + LINE_HEIGHT * (2 + model.warnings().size()) + GAP;
        double stripWidth = stripWidth(model);
        if (width <= 0) {
            width = (int) Math.ceil(MARGIN + graph.width() + GAP + stripWidth + MARGIN);
        }
        double available = Math.max(1, width - 2 * MARGIN - GAP - stripWidth);
        double scale = Math.min(1, available / Math.max(1, graph.width()));
        if (height > 0) {
            scale = Math.min(scale, Math.max(1, height - header - MARGIN) / Math.max(1, graph.height()));
        }
        double rowHeight = Math.max(PICTURE, 3 * LINE_HEIGHT) + GAP;
        int rows = Math.min(STRIP_INPUTS, model.inputs().size());
        double stripY = header + LINE_HEIGHT + GAP;
        if (height <= 0) {
            height = (int) Math.ceil(Math.max(header + graph.height() * scale, stripY + rows * rowHeight) + MARGIN);
        }
        double stripX = width - MARGIN - stripWidth;
        return new Placement(graph, MARGIN, header, scale, stripX, stripY, rowHeight, width, height);
    }

    private static double stripWidth(CreditGraphModel model) {
        boolean pictures = model.inputs().stream().anyMatch(i -> i.picture() != null);
        return (pictures ? 2 * (PICTURE + GAP) : 0) + STRIP_TEXT;
    }

    /** Writes the figure at its natural size to {@code file} (.svg or .png). */
    public static void write(CreditGraphModel model, Path file) throws IOException {
        Placement p = place(model);
        FigureFiles.write(file, p.width(), p.height(), painter -> paint(model, p, painter));
    }

    /** Writes the figure in {@code width} x {@code height} pixels to {@code file} (.svg or .png). */
    public static void write(CreditGraphModel model, Path file, int width, int height) throws IOException {
        Placement p = place(model, width, height);
        FigureFiles.write(file, p.width(), p.height(), painter -> paint(model, p, painter));
    }

    public static void paint(CreditGraphModel model, Placement at, Painter p) {
        title(model, p);
        graph(model.graph(), at, p);
        strip(model, at, p);
    }

    private static void title(CreditGraphModel model, Painter p) {
        p.color(TITLE_RGB);
        p.text(model.runName() + ": " + model.target() + " · iteration " + model.request().iteration(), MARGIN, MARGIN,
                Anchor.TOP_LEFT);
        p.text(model.method() + " · on " + model.inputSource() + " · red: positive, blue: negative, width: |credit|",
                MARGIN, MARGIN + LINE_HEIGHT, Anchor.TOP_LEFT);
        p.color(WARNING_RGB);
        for (int i = 0; i < model.warnings().size(); i++) {
            p.text("warning: " + model.warnings().get(i), MARGIN, MARGIN + LINE_HEIGHT * (2 + i), Anchor.TOP_LEFT);
        }
    }

    private static void graph(CreditGraph graph, Placement at, Painter p) {
        double s = at.scale();
        Map<String, double[]> boxes = new HashMap<>();
        at.graph().boxes().forEach((id, b) -> boxes.put(id, new double[] { at.graphX() + b.x() * s,
                at.graphY() + b.y() * s, b.width() * s, b.height() * s }));
        float max = graph.maxEdgeMagnitude();
        p.dashed(false);
        for (int i = 0; i < graph.edges().size(); i++) {
            CreditGraph.Edge e = graph.edges().get(i);
            double[] from = boxes.get(e.from());
            double[] to = boxes.get(e.to());
            List<double[]> bends = at.graph().bends().get(i);
            int n = bends.size() + 2;
            double[] xy = new double[2 * n];
            for (int k = 0; k < bends.size(); k++) {
                xy[2 * (k + 1)] = at.graphX() + bends.get(k)[0] * s;
                xy[2 * (k + 1) + 1] = at.graphY() + bends.get(k)[1] * s;
            }
            double[] next = bends.isEmpty() ? centre(to) : new double[] { xy[2], xy[3] };
            double[] previous = bends.isEmpty() ? centre(from) : new double[] { xy[2 * n - 4], xy[2 * n - 3] };
            double[] start = clip(from, next);
            double[] end = clip(to, previous);
            xy[0] = start[0];
            xy[1] = start[1];
            xy[2 * n - 2] = end[0];
            xy[2 * n - 1] = end[1];
            p.color(CreditColours.of(e.weight()));
            p.lineWidth(CreditColours.edgeWidth(e.weight(), max) * Math.max(0.5, s));
            p.polyline(xy, n);
        }
        for (CreditGraph.Node node : graph.nodes()) {
            double[] b = boxes.get(node.id());
            p.color(node.target() ? CreditColours.TARGET : CreditColours.BOX);
            p.rectangle(b[0], b[1], b[2], b[3], true);
            p.color(node.target() ? CreditColours.NON_FINITE : CreditColours.NONE);
            p.lineWidth(node.target() ? 2 : 1);
            p.rectangle(b[0], b[1], b[2], b[3], false);
            p.color(TITLE_RGB);
            String[] lines = NodeText.of(node).split("\n");
            double top = b[1] + (b[3] - lines.length * LINE_HEIGHT * s) / 2;
            for (int k = 0; k < lines.length; k++) {
                p.text(lines[k], b[0] + b[2] / 2, top + (k + 0.5) * LINE_HEIGHT * s, Anchor.CENTER);
            }
        }
    }

    private static double[] centre(double[] box) {
        return new double[] { box[0] + box[2] / 2, box[1] + box[3] / 2 };
    }

    /** Where the line from the box's centre toward {@code toward} leaves the box (draw2d's chopbox anchor). */
    private static double[] clip(double[] box, double[] toward) {
        double[] c = centre(box);
        double dx = toward[0] - c[0];
        double dy = toward[1] - c[1];
        if (dx == 0 && dy == 0) {
            return c;
        }
        double t = Math.min(dx == 0 ? Double.POSITIVE_INFINITY : box[2] / 2 / Math.abs(dx),
                dy == 0 ? Double.POSITIVE_INFINITY : box[3] / 2 / Math.abs(dy));
        t = Math.min(1, t);
        return new double[] { c[0] + dx * t, c[1] + dy * t };
    }

    private static void strip(CreditGraphModel model, Placement at, Painter p) {
        p.color(TITLE_RGB);
        p.text(model.result().direction() == CreditResult.Direction.FORWARD ? "Inputs by relevance"
                : "Inputs by |gradient|", at.stripX(), at.stripY() - LINE_HEIGHT - GAP / 2, Anchor.TOP_LEFT);
        boolean pictures = model.inputs().stream().anyMatch(i -> i.picture() != null);
        for (int r = 0; r < Math.min(STRIP_INPUTS, model.inputs().size()); r++) {
            InputCredit in = model.inputs().get(r);
            double y = at.stripY() + r * at.rowHeight();
            double x = at.stripX();
            if (in.picture() != null) {
                InputCredit.Picture pic = in.picture();
                image(p, CreditColours.grey(pic.grey()), pic, x, y);
                if (pic.heat() != null) {
                    image(p, CreditColours.heat(pic.heat()), pic, x + PICTURE + GAP, y);
                }
            }
            if (pictures) {
                x += 2 * (PICTURE + GAP);
            }
            p.color(TITLE_RGB);
            p.text("input " + in.input(), x, y, Anchor.TOP_LEFT);
            double line = y + LINE_HEIGHT;
            if (in.label() >= 0) {
                p.text("label " + in.label(), x, line, Anchor.TOP_LEFT);
                line += LINE_HEIGHT;
            }
            p.color(CreditColours.of(in.score()));
            p.text(NodeText.number(in.score()), x, line, Anchor.TOP_LEFT);
        }
    }

    /** A picture scaled into the strip's square, keeping its aspect, with a thin frame. */
    private static void image(Painter p, int[] rgb, InputCredit.Picture pic, double x, double y) {
        int[] argb = new int[rgb.length];
        for (int i = 0; i < rgb.length; i++) {
            argb[i] = 0xFF000000 | rgb[i];
        }
        double scale = PICTURE / Math.max(pic.height(), pic.width());
        double w = pic.width() * scale;
        double h = pic.height() * scale;
        p.image(argb, pic.width(), pic.height(), x, y, w, h);
        p.color(CreditColours.NONE);
        p.lineWidth(1);
        p.rectangle(x, y, w, h, false);
    }
}
