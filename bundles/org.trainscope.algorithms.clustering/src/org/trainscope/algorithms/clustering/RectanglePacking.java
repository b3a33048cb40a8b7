package org.trainscope.algorithms.clustering;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;

/**
 * Hierarchical rectangle packing for CNNVis's layer groups, neuron clusters and neurons: an
 * ordered squarified treemap (Bruls, Huizing and van Wijk 2000, without their sort). Every node
 * gets a rectangle whose area is proportional to its weight (a neuron weighs 1, or what the size
 * coding says; a cluster or group weighs the sum of its children), inside its parent's rectangle
 * shrunk by the padding.
 * <p>
 * What it optimises, in this order:
 * <ol>
 * <li><b>Stable order.</b> Children are laid out in their given order, row after row (a row runs
 * along the shorter side of the space left, rows follow each other along the longer side), so
 * the neuron or cluster at position i stays near position i when weights change; there is no
 * sort by size as in the unordered squarified treemap.</li>
 * <li><b>Aspect ratio close to 1.</b> A row takes the next child as long as that does not make
 * the worst aspect ratio in the row worse (the squarified rule), so cells are as square as the
 * order allows.</li>
 * <li><b>No wasted area</b> apart from the padding: the children's areas sum exactly to their
 * parent's inner area at every level, so the share of a box not covered by leaves is the padding
 * alone (measured by {@link PackedNode#wastedShare()}).</li>
 * </ol>
 * Children of weight 0 get an empty rectangle at their parent's inner corner. Deterministic;
 * O(children) per node; asks the monitor to stop between nodes.
 */
public final class RectanglePacking {
    private final double padding;

    /** @param padding space kept between a node's border and its children (>= 0) */
    public RectanglePacking(double padding) {
        if (!(padding >= 0)) {
            throw new IllegalArgumentException("padding must be >= 0, was " + padding);
        }
        this.padding = padding;
    }

    /** A node to pack: a leaf with a weight, or an inner node whose weight is its children's. */
    public static final class Node {
        private final String label;
        private final double leafWeight;
        private final List<Node> children;

        private Node(String label, double leafWeight, List<Node> children) {
            this.label = Objects.requireNonNull(label);
            this.leafWeight = leafWeight;
            this.children = List.copyOf(children);
        }

        public static Node leaf(String label, double weight) {
            if (!(weight >= 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("the weight of " + label + " must be finite and >= 0: " + weight);
            }
            return new Node(label, weight, List.of());
        }

        public static Node of(String label, List<Node> children) {
            return new Node(label, 0, children);
        }

        public String label() {
            return label;
        }

        public List<Node> children() {
            return children;
        }

        public boolean isLeaf() {
            return children.isEmpty();
        }

        public double weight() {
            return isLeaf() ? leafWeight : children.stream().mapToDouble(Node::weight).sum();
        }
    }

    /** A packed node: its rectangle and its children's. */
    public record PackedNode(Node node, Rect rect, List<PackedNode> children) {
        public PackedNode {
            children = List.copyOf(children);
        }

        /** All leaves below (or this node if it is one), in order. */
        public List<PackedNode> leaves() {
            List<PackedNode> out = new ArrayList<>();
            collect(this, out);
            return out;
        }

        private static void collect(PackedNode n, List<PackedNode> out) {
            if (n.children.isEmpty()) {
                out.add(n);
            } else {
                n.children.forEach(c -> collect(c, out));
            }
        }

        /** Share of this rectangle's area not covered by a leaf rectangle: 0 with no padding. */
        public double wastedShare() {
            double leaves = leaves().stream().mapToDouble(l -> l.rect().area()).sum();
            return rect.area() > 0 ? 1 - leaves / rect.area() : 0;
        }
    }

    public PackedNode pack(Node root, Rect box, IProgressMonitor monitor) {
        Cancellation.check(monitor);
        if (root.isLeaf()) {
            return new PackedNode(root, box, List.of());
        }
        Rect inner = box.inset(padding);
        List<Rect> cells = squarify(root.children(), inner);
        List<PackedNode> children = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            children.add(pack(root.children().get(i), cells.get(i), monitor));
        }
        return new PackedNode(root, box, children);
    }

    /** Rectangles for {@code nodes} in order, with areas proportional to their weights, filling {@code box}. */
    static List<Rect> squarify(List<Node> nodes, Rect box) {
        double total = nodes.stream().mapToDouble(Node::weight).sum();
        List<Rect> out = new ArrayList<>();
        if (total <= 0 || box.area() <= 0) {
            nodes.forEach(n -> out.add(new Rect(box.x(), box.y(), 0, 0)));
            return out;
        }
        double scale = box.area() / total;
        double[] areas = nodes.stream().mapToDouble(n -> n.weight() * scale).toArray();
        Rect free = box;
        int i = 0;
        while (i < areas.length) {
            if (areas[i] == 0) {
                out.add(new Rect(free.x(), free.y(), 0, 0));
                i++;
                continue;
            }
            double side = Math.min(free.width(), free.height());
            int end = i + 1;
            double rowArea = areas[i];
            double worst = worst(areas, i, end, rowArea, side);
            while (end < areas.length) {
                double next = rowArea + areas[end];
                double w = worst(areas, i, end + 1, next, side);
                if (w > worst) {
                    break;
                }
                worst = w;
                rowArea = next;
                end++;
            }
            boolean last = end == areas.length;
            free = layRow(areas, i, end, rowArea, free, last, out);
            i = end;
        }
        return out;
    }

    /** The worst aspect ratio of cells areas[from..to) laid in one row along a side of length {@code side}. */
    private static double worst(double[] areas, int from, int to, double rowArea, double side) {
        double thickness = rowArea / side;
        double worst = 1;
        for (int k = from; k < to; k++) {
            if (areas[k] > 0) {
                double length = areas[k] / thickness;
                worst = Math.max(worst, Math.max(length / thickness, thickness / length));
            }
        }
        return worst;
    }

    /** Lays one row along the shorter side of {@code free}; returns the space left. */
    private static Rect layRow(double[] areas, int from, int to, double rowArea, Rect free, boolean last,
            List<Rect> out) {
        boolean horizontalRow = free.width() >= free.height(); // row is a column at the left when the box is wide
        if (horizontalRow) {
            double thickness = last ? free.width() : Math.min(free.width(), rowArea / free.height());
            double y = free.y();
            for (int k = from; k < to; k++) {
                double h = k == to - 1 ? free.bottom() - y : areas[k] / rowArea * free.height();
                out.add(new Rect(free.x(), y, thickness, Math.max(0, h)));
                y += h;
            }
            return new Rect(free.x() + thickness, free.y(), free.width() - thickness, free.height());
        }
        double thickness = last ? free.height() : Math.min(free.height(), rowArea / free.width());
        double x = free.x();
        for (int k = from; k < to; k++) {
            double w = k == to - 1 ? free.right() - x : areas[k] / rowArea * free.width();
            out.add(new Rect(x, free.y(), Math.max(0, w), thickness));
            x += w;
        }
        return new Rect(free.x(), free.y() + thickness, free.width(), free.height() - thickness);
    }
}
