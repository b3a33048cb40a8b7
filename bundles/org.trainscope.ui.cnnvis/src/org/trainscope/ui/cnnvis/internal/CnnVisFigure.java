package org.trainscope.ui.cnnvis.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.XYLayout;
import org.eclipse.draw2d.geometry.PointList;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.graphics.Color;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisPainter;
import org.trainscope.algorithms.clustering.provider.CnnVisProvider;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.core.model.Run;
import org.trainscope.ui.cnnvis.IClusterFacet;

/**
 * The CNNVis picture: the layer groups as boxes left to right with their labels above and their
 * debugging facts below, the clusters as {@link ClusterFigure}s at the rectangles the provider
 * packed, and between adjacent boxes the bundles, each a fan of curves from its clusters on one
 * side into a common waist and out to its clusters on the other, coloured by the chosen encoding
 * and as thick as its mean |weight| is large. Draws the model; computes nothing but geometry.
 */
public final class CnnVisFigure extends Figure {
    private static final Color PURPLE = new Color(118, 42, 131);
    private static final Color ORANGE = new Color(230, 120, 0);
    private static final Color NON_FINITE = new Color(215, 48, 31);
    private CnnVisModel model;
    private DrawOptions options;
    private final List<ClusterFigure> clusters = new ArrayList<>();
    private final List<NeuronFigure> neurons = new ArrayList<>();
    /**
     * The clusters shown as their neurons, by {@link #key}: a view state (not a cluster edit) that
     * outlives redraws and recomputations while the cluster has the same neurons.
     */
    private final java.util.Set<String> expanded = new java.util.HashSet<>();
    private Run run;
    private Consumer<NeuronFigure> onNeuron = n -> {
    };
    private int drawnBundles;
    private int drawnOutliers;
    private int paints;
    private Consumer<ClusterFigure> onSelect = c -> {
    };
    private java.util.function.BiConsumer<ClusterFigure, ClusterFigure> onDrop = (a, b) -> {
    };
    private java.util.function.BiConsumer<NeuronFigure, ClusterFigure> onNeuronDrop = (n, c) -> {
    };

    public CnnVisFigure() {
        setLayoutManager(new XYLayout());
        setOpaque(true);
        setBackgroundColor(ColorConstants.white);
    }

    void onSelect(Consumer<ClusterFigure> listener) {
        onSelect = listener;
    }

    void onNeuron(Consumer<NeuronFigure> listener) {
        onNeuron = listener;
    }

    /** Shows {@code m} (null: nothing). */
    void setModel(Run r, CnnVisModel m, DrawOptions o) {
        removeAll();
        clusters.clear();
        neurons.clear();
        run = r;
        model = m;
        options = o;
        if (m != null) {
            IClusterFacet facet = o.facet() == null ? null : o.facet().facet().orElse(null);
            for (CnnVisModel.Group g : m.groups()) {
                double[] range = neuronMeanRange(g);
                for (CnnVisModel.Cluster c : g.clusters()) {
                    boolean open = expanded.contains(key(g, c));
                    ClusterFigure f = new ClusterFigure(r, m, g, c, facet, open, this::select, this::released);
                    add(f, rect(c.rect()));
                    clusters.add(f);
                    if (open) {
                        addNeurons(f, range);
                    }
                }
            }
            setPreferredSize(m.width(), m.height());
        }
        revalidate();
        repaint();
    }

    /** A cluster's identity across recomputations: its group and its neurons. */
    private static String key(CnnVisModel.Group g, CnnVisModel.Cluster c) {
        return g.id() + ":" + java.util.Arrays.toString(c.members());
    }

    /** Shows cluster {@code c} of {@code g} as its neurons, or as its facet again. */
    void setExpanded(CnnVisModel.Group g, CnnVisModel.Cluster c, boolean open) {
        if (open ? expanded.add(key(g, c)) : expanded.remove(key(g, c))) {
            setModel(run, model, options);
        }
    }

    boolean isExpanded(CnnVisModel.Group g, CnnVisModel.Cluster c) {
        return expanded.contains(key(g, c));
    }

    /** Forgets the expanded clusters (another run is shown). */
    void collapseAll() {
        expanded.clear();
    }

    /**
     * The cells of an expanded cluster, in the reorderer's column order (neurons that respond alike
     * side by side), row by row in a grid of the cluster's aspect ratio, laid over its rectangle.
     */
    private void addNeurons(ClusterFigure f, double[] range) {
        CnnVisModel.Group g = f.group();
        CnnVisModel.Cluster c = f.cluster();
        Rectangle inner = ClusterFigure.inner(rect(c.rect())); // its bounds: set at the next layout only
        int n = c.size();
        if (n == 0 || inner.width < 1 || inner.height < 1) {
            return;
        }
        int cols = Math.max(1, Math.min(n, (int) Math.ceil(Math.sqrt(n * (double) inner.width / inner.height))));
        int rows = (n + cols - 1) / cols;
        int cell = Math.max(1, Math.min(inner.width / cols, inner.height / rows));
        org.trainscope.core.model.NeuronLayout layout = layout(g);
        double[] means = memberMeans(c);
        for (int i = 0; i < n; i++) {
            int member = c.memberOrder()[i];
            int neuron = c.members()[member];
            double mean = means[member];
            double t = !Double.isFinite(mean) ? Double.NaN
                    : range[1] > range[0] ? (mean - range[0]) / (range[1] - range[0]) : 0.5;
            String name = layout == null ? "neuron " + neuron : layout.describeChannel(neuron);
            NeuronFigure cellFigure = new NeuronFigure(g, c, neuron, mean, t, name, this::neuronClicked,
                    this::neuronReleased);
            add(cellFigure, new Rectangle(inner.x + (i % cols) * cell, inner.y + (i / cols) * cell, cell, cell));
            neurons.add(cellFigure);
        }
    }

    private org.trainscope.core.model.NeuronLayout layout(CnnVisModel.Group g) {
        return run == null ? null
                : run.tensor(g.tensorId()).map(t -> org.trainscope.core.model.NeuronLayout.of(run, t)).orElse(null);
    }

    /** Each member's mean activation over the probe inputs (a channel's: over its positions too), by member index. */
    private static double[] memberMeans(CnnVisModel.Cluster c) {
        org.trainscope.core.math.FloatMatrix m = c.activations();
        double[] means = new double[c.size()];
        for (int col = 0; col < m.cols(); col++) {
            double s = 0;
            for (int p = 0; p < m.rows(); p++) {
                s += m.get(p, col);
            }
            means[c.memberOrder()[col]] = m.rows() > 0 ? s / m.rows() : Double.NaN;
        }
        return means;
    }

    /** The smallest and largest finite neuron mean of the group: the cells' colour scale. */
    private static double[] neuronMeanRange(CnnVisModel.Group g) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (CnnVisModel.Cluster c : g.clusters()) {
            for (double v : memberMeans(c)) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[] { lo, hi };
    }

    private void neuronClicked(NeuronFigure f) {
        clusters.forEach(c -> c.setSelected(false));
        neurons.forEach(n -> n.setSelected(n == f));
        onNeuron.accept(f);
    }

    void clickNeuronDirect(NeuronFigure f) {
        neuronClicked(f);
    }

    List<NeuronFigure> neuronFigures() {
        return List.copyOf(neurons);
    }

    /** {@code listener} gets (dragged, target) when a cluster is dragged onto another of its group. */
    void onDrop(java.util.function.BiConsumer<ClusterFigure, ClusterFigure> listener) {
        onDrop = listener;
    }

    /** A drag from {@code source} released at {@code at} (figure coordinates). */
    private void released(ClusterFigure source, org.eclipse.draw2d.geometry.Point at) {
        ClusterFigure target = clusterAt(at);
        if (target != null && target != source && target.group() == source.group()) {
            onDrop.accept(source, target);
        }
    }

    /** {@code listener} gets (neuron, target) when a neuron cell is dragged onto another cluster of its group. */
    void onNeuronDrop(java.util.function.BiConsumer<NeuronFigure, ClusterFigure> listener) {
        onNeuronDrop = listener;
    }

    /** A drag of a neuron cell released at {@code at} (figure coordinates). */
    void neuronReleased(NeuronFigure source, org.eclipse.draw2d.geometry.Point at) {
        ClusterFigure target = clusterAt(at);
        if (target != null && target.group() == source.group() && target.cluster() != source.cluster()) {
            onNeuronDrop.accept(source, target);
        }
    }

    /** The cluster under {@code at} (figure coordinates), or null. */
    ClusterFigure clusterAt(org.eclipse.draw2d.geometry.Point at) {
        for (ClusterFigure c : clusters) {
            if (c.getBounds().contains(at)) {
                return c;
            }
        }
        return null;
    }

    /** The clusters selected now (ctrl-click adds one of the same group). */
    List<ClusterFigure> selection() {
        return clusters.stream().filter(ClusterFigure::isSelected).toList();
    }

    void onSelectDirect(ClusterFigure f) {
        onSelect.accept(f);
    }

    private void select(ClusterFigure f, boolean add) {
        for (ClusterFigure c : clusters) {
            if (c == f) {
                c.setSelected(!add || !c.isSelected() || selection().size() == 1);
            } else if (!add || c.group() != f.group()) {
                c.setSelected(false);
            }
        }
        onSelect.accept(f);
    }

    /** Redraws with other options (colour coding, filters, opacity); the facet needs {@link #setModel}. */
    void setOptions(DrawOptions o) {
        options = o;
        repaint();
    }

    List<ClusterFigure> clusterFigures() {
        return List.copyOf(clusters);
    }

    /** Bundles drawn at the last paint (after the sign filters). */
    int drawnBundles() {
        return drawnBundles;
    }

    /** Paints of the picture so far (tests and the redraw benchmark wait for the next). */
    int paintCount() {
        return paints;
    }

    /** Outlier edges drawn at the last paint (0 when they are hidden). */
    int drawnOutliers() {
        return drawnOutliers;
    }

    static Rectangle rect(Rect r) {
        int x = (int) Math.round(r.x());
        int y = (int) Math.round(r.y());
        return new Rectangle(x, y, Math.max(1, (int) Math.round(r.right()) - x), Math.max(1, (int) Math.round(r.bottom()) - y));
    }

    @Override
    protected void paintFigure(Graphics g) {
        super.paintFigure(g);
        if (model == null) {
            return;
        }
        paints++;
        g.setAntialias(org.eclipse.swt.SWT.ON);
        g.setTextAntialias(org.eclipse.swt.SWT.ON);
        paintBundles(g);
        double maxGradient = 0;
        double maxChange = 0;
        for (CnnVisModel.Group grp : model.groups()) {
            maxGradient = Math.max(maxGradient, finite(grp.facts().meanAbsGradient()));
            maxChange = Math.max(maxChange, finite(grp.facts().relativeChange()));
        }
        for (CnnVisModel.Group grp : model.groups()) {
            Rectangle box = rect(grp.box());
            g.setForegroundColor(ColorConstants.black);
            int top = box.y - CnnVisProvider.HEADER; // the labels stand above their own box (a column may hold several)
            g.drawText(clip(g, grp.label(), box.width + 30), box.x, top + 2);
            g.setForegroundColor(ColorConstants.darkGray);
            g.drawText(grp.neuronCount() + (grp.unitsPerNeuron() > 1 ? " channels" : " units") + ", "
                    + grp.clusters().size() + " clusters", box.x, top + 17);
            g.setForegroundColor(ColorConstants.lightGray);
            g.drawRectangle(box.x - 1, box.y - 1, box.width + 1, box.height + 1);
            paintFacts(g, grp, box, maxGradient, maxChange);
        }
    }

    private void paintFacts(Graphics g, CnnVisModel.Group grp, Rectangle box, double maxGradient, double maxChange) {
        CnnVisModel.LayerFacts f = grp.facts();
        int y = box.bottom() + 4;
        if (!f.hasWeights()) {
            g.setForegroundColor(ColorConstants.gray);
            g.drawText(clip(g, f.note(), box.width + 30), box.x, y);
        } else {
            paintWeightFacts(g, f, box, y, maxGradient, maxChange);
        }
        // Cluster purity against the class labels and redundancy inside the clusters (CNNVis's depth/width reading).
        String[] purity = CnnVisPainter.purityText(model.purity(grp));
        g.setForegroundColor(ColorConstants.darkGray);
        for (int i = 0; i < purity.length; i++) {
            g.drawText(clip(g, purity[i], box.width + 30), box.x, box.bottom() + CnnVisProvider.PURITY_TOP + i * 15);
        }
    }

    private void paintWeightFacts(Graphics g, CnnVisModel.LayerFacts f, Rectangle box, int y, double maxGradient,
            double maxChange) {
        int barWidth = Math.max(10, box.width - 4);
        bar(g, box.x, y, barWidth, f.meanAbsGradient(), maxGradient, PURPLE, "avg |gradient| " + number(f.meanAbsGradient()));
        bar(g, box.x, y + 16, barWidth, f.relativeChange(), maxChange, ORANGE,
                "avg rel. change " + percent(f.relativeChange()));
        String note = f.nonFiniteGradients() + f.nonFiniteWeights() > 0
                ? "NaN/Inf: " + f.nonFiniteWeights() + " weights, " + f.nonFiniteGradients() + " gradients"
                : f.note();
        if (!note.isEmpty()) {
            g.setForegroundColor(f.nonFiniteGradients() + f.nonFiniteWeights() > 0 ? NON_FINITE : ColorConstants.gray);
            g.drawText(clip(g, note, box.width + 30), box.x, y + 32);
        }
    }

    /**
     * "2.20%", and two significant digits below 0.1 % ("0.0026%"): weights that hardly move (a
     * vanishing gradient's first layers) must not read as "0.00%".
     */
    static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return "–";
        }
        double p = 100 * fraction;
        return Math.abs(p) >= 0.1 || p == 0 ? String.format(Locale.ROOT, "%.2f%%", p)
                : String.format(Locale.ROOT, "%.2g%%", p);
    }

    private static void bar(Graphics g, int x, int y, int width, double v, double max, Color colour, String text) {
        if (Double.isFinite(v) && max > 0) {
            g.setBackgroundColor(colour);
            g.setAlpha(70);
            g.fillRectangle(x, y + 1, (int) Math.max(1, Math.round(width * v / max)), 13);
            g.setAlpha(255);
        }
        g.setForegroundColor(ColorConstants.black);
        g.drawText(text, x + 2, y);
    }

    private void paintBundles(Graphics g) {
        EdgeEncoding enc = options.encoding();
        CnnVisModel.Range range = model.ranges().get(enc);
        double maxStrength = 0;
        for (CnnVisModel.Link l : model.links()) {
            for (CnnVisModel.Bundle b : l.bundles()) {
                maxStrength = Math.max(maxStrength, finite(b.meanAbsWeight()));
            }
        }
        int drawn = 0;
        int outliers = 0;
        for (CnnVisModel.Link l : model.links()) {
            CnnVisModel.Group from = model.groups().get(l.from());
            CnnVisModel.Group to = model.groups().get(l.to());
            Rectangle a = rect(from.box());
            Rectangle b = rect(to.box());
            if (l.problem().isPresent()) {
                g.setForegroundColor(ColorConstants.gray);
                g.drawText(l.oneToOne() ? "1:1" : "?", (a.right() + b.x) / 2 - (l.oneToOne() ? 8 : 3), a.y + a.height / 2);
                continue;
            }
            if (options.showOutliers()) {
                outliers += paintOutliers(g, l, from, to, a, b, enc, range);
            }
            int waistX = (a.right() + b.x) / 2;
            for (CnnVisModel.Bundle bundle : l.bundles()) {
                double v = bundle.value(enc);
                if (!options.shows(v) || !bundle.nonFinite() && maxStrength > 0
                        && finite(bundle.meanAbsWeight()) < options.minStrength() * maxStrength) {
                    continue;
                }
                drawn++;
                double sumY = 0;
                int[] fromY = new int[bundle.fromClusters().length];
                int[] toY = new int[bundle.toClusters().length];
                for (int i = 0; i < fromY.length; i++) {
                    fromY[i] = centreY(from.clusters().get(bundle.fromClusters()[i]).rect());
                    sumY += fromY[i];
                }
                for (int i = 0; i < toY.length; i++) {
                    toY[i] = centreY(to.clusters().get(bundle.toClusters()[i]).rect());
                    sumY += toY[i];
                }
                int waistY = (int) Math.round(sumY / (fromY.length + toY.length));
                Color colour = new Color(EdgeColours.of(v, enc, range));
                try {
                    g.setForegroundColor(colour);
                    g.setAlpha(options.opacity());
                    double strength = maxStrength > 0 ? finite(bundle.meanAbsWeight()) / maxStrength : 0;
                    g.setLineWidth((int) Math.round(1 + 5 * strength));
                    for (int y : fromY) {
                        g.drawPolyline(curve(a.right(), y, waistX, waistY));
                    }
                    for (int y : toY) {
                        g.drawPolyline(curve(waistX, waistY, b.x, y));
                    }
                } finally {
                    g.setAlpha(255);
                    g.setLineWidth(1);
                    colour.dispose();
                }
            }
        }
        drawnBundles = drawn;
        drawnOutliers = outliers;
    }

    /**
     * The link's outlier edges, under the bundles: one thin curve per pair of clusters, from the
     * right of one box to the left of the next, in the encoding's colour (on the bundles' scale,
     * clamped) at 60 % of the edge opacity; the sign filters apply. Returns how many were drawn.
     */
    private int paintOutliers(Graphics g, CnnVisModel.Link l, CnnVisModel.Group from, CnnVisModel.Group to,
            Rectangle a, Rectangle b, EdgeEncoding enc, CnnVisModel.Range range) {
        int drawn = 0;
        for (CnnVisModel.Bundle o : l.outliers()) {
            double v = o.value(enc);
            if (!options.shows(v)) {
                continue;
            }
            Color colour = new Color(EdgeColours.of(v, enc, range));
            try {
                g.setForegroundColor(colour);
                g.setAlpha(Math.max(20, (int) Math.round(options.opacity() * 0.6)));
                g.setLineWidth(1);
                g.drawPolyline(curve(a.right(), centreY(from.clusters().get(o.fromClusters()[0]).rect()), b.x,
                        centreY(to.clusters().get(o.toClusters()[0]).rect())));
                drawn++;
            } finally {
                g.setAlpha(255);
                colour.dispose();
            }
        }
        return drawn;
    }

    /** A cubic Bézier from (x0, y0) to (x1, y1) leaving and arriving horizontally, as 17 points. */
    static PointList curve(int x0, int y0, int x1, int y1) {
        PointList p = new PointList();
        double dx = (x1 - x0) / 2.0;
        for (int i = 0; i <= 16; i++) {
            double t = i / 16.0;
            double u = 1 - t;
            double x = u * u * u * x0 + 3 * u * u * t * (x0 + dx) + 3 * u * t * t * (x1 - dx) + t * t * t * x1;
            double y = u * u * u * y0 + 3 * u * u * t * y0 + 3 * u * t * t * y1 + t * t * t * y1;
            p.addPoint((int) Math.round(x), (int) Math.round(y));
        }
        return p;
    }

    private static int centreY(Rect r) {
        return (int) Math.round(r.y() + r.height() / 2);
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

    private static String clip(Graphics g, String text, int width) {
        int perChar = Math.max(5, g.getFontMetrics().getAverageCharWidth());
        int max = Math.max(4, width / perChar);
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** Height the provider leaves below the boxes, for the facts (kept here so both agree). */
    static final int FOOTER = CnnVisProvider.FOOTER;
}
