package org.trainscope.algorithms.clustering;

/** An axis-aligned rectangle: top-left corner, width and height (all >= 0 for packed ones). */
public record Rect(double x, double y, double width, double height) {

    public double area() {
        return width * height;
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }

    /** Longer side over shorter side (>= 1); infinite for a degenerate rectangle. */
    public double aspectRatio() {
        double lo = Math.min(width, height);
        return lo > 0 ? Math.max(width, height) / lo : Double.POSITIVE_INFINITY;
    }

    /** The rectangle shrunk by {@code margin} on every side (never below zero size). */
    public Rect inset(double margin) {
        double m = Math.max(0, Math.min(margin, Math.min(width, height) / 2));
        return new Rect(x + m, y + m, width - 2 * m, height - 2 * m);
    }

    /** Whether {@code other} lies inside this rectangle, up to {@code eps}. */
    public boolean contains(Rect other, double eps) {
        return other.x >= x - eps && other.y >= y - eps && other.right() <= right() + eps
                && other.bottom() <= bottom() + eps;
    }

    /** Whether the interiors overlap by more than {@code eps} in both directions. */
    public boolean overlaps(Rect other, double eps) {
        return Math.min(right(), other.right()) - Math.max(x, other.x) > eps
                && Math.min(bottom(), other.bottom()) - Math.max(y, other.y) > eps;
    }
}
