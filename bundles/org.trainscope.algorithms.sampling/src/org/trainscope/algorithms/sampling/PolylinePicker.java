package org.trainscope.algorithms.sampling;

import java.util.Arrays;
import java.util.function.IntPredicate;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * Which of ALL drawn polylines lie under the pointer or cross a brushed rectangle, not only the
 * sampled ones: the density picture shows every polyline, so every one must be reachable. The
 * geometry is the drawing's ({@link PolylineDensity#toRows}, columns at {@code round(j * xStep)},
 * segments touching a non-finite value not drawn), and only the points near the asked columns are
 * read: a hover reads two or three records of every polyline, a brush the records under it.
 * Plain Java, single-threaded, cancellable between blocks.
 */
public final class PolylinePicker {
    private static final int BLOCK = 4096;

    private PolylinePicker() {
    }

    /**
     * Where the {@code length} points of the displayed range are drawn on a {@code width x height}
     * chart (row 0 at the top).
     */
    public record Chart(PolylineDensity.YAxis axis, int width, int height, int length) {
        public double xStep() {
            return length > 1 ? (width - 1) / (double) (length - 1) : 0;
        }

        /** The pixel column of point {@code j}, rounded as the drawing rounds it. */
        public int column(int j) {
            return (int) Math.round(j * xStep());
        }

        /**
         * The points {@code [from, to)} whose segments can reach pixel columns {@code [x0, x1]}: from
         * the last point drawn at or left of {@code x0} to the first at or right of {@code x1}.
         */
        public int[] pointsAround(double x0, double x1) {
            if (length <= 1) {
                return new int[] { 0, Math.max(0, length) };
            }
            double step = xStep();
            int from = Math.max(0, (int) Math.floor(x0 / step) - 1);
            int to = Math.min(length, (int) Math.ceil(x1 / step) + 2);
            return new int[] { from, Math.max(from + 1, to) };
        }
    }

    /** Polylines near a point, nearest first, with their distances in pixels. */
    public record Hits(int[] polylines, double[] distances) {
        public int size() {
            return polylines.length;
        }

        public boolean isEmpty() {
            return polylines.length == 0;
        }

        /**
         * The polyline to name: the nearest, unless a {@code preferred} one (a sampled line, drawn on
         * top) is at most {@code tie} pixels farther; -1 when there is none.
         */
        public int best(IntPredicate preferred, double tie) {
            if (polylines.length == 0) {
                return -1;
            }
            for (int k = 0; k < polylines.length && distances[k] <= distances[0] + tie; k++) {
                if (preferred.test(polylines[k])) {
                    return polylines[k];
                }
            }
            return polylines[0];
        }
    }

    /**
     * The polylines with a drawn segment within {@code tolerance} pixels of {@code (x, y)}.
     *
     * @param window     points {@code [firstPoint, firstPoint + window.length())} of every displayed
     *                   polyline, e.g. from {@link Chart#pointsAround(double, double)}
     *                   {@code (x - tolerance, x + tolerance)}
     * @param firstPoint the index in the displayed range of the window's first point
     */
    public static Hits near(PolylineSource window, int firstPoint, Chart chart, double x, double y, double tolerance,
            IProgressMonitor monitor) {
        int len = window.length();
        int n = window.polylineCount();
        int[] found = new int[16];
        double[] distances = new double[16];
        int count = 0;
        float[] rows = new float[Math.min(BLOCK, Math.max(1, n)) * len];
        int[] ys = new int[len];
        int[] xs = columns(chart, firstPoint, len);
        for (int first = 0; first < n; first += BLOCK) {
            checkCanceled(monitor);
            int block = Math.min(BLOCK, n - first);
            window.read(first, block, rows);
            for (int i = 0; i < block; i++) {
                PolylineDensity.toRows(rows, i * len, len, chart.axis(), chart.height(), ys);
                double d = distance(xs, ys, x, y);
                if (d <= tolerance) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, 2 * count);
                        distances = Arrays.copyOf(distances, 2 * count);
                    }
                    found[count] = first + i;
                    distances[count++] = d;
                }
            }
        }
        return sorted(found, distances, count);
    }

    /**
     * The polylines with a drawn segment crossing the rectangle {@code [x0, x1] x [y0, y1]} (pixels,
     * inclusive), ascending.
     *
     * @param window points {@code [firstPoint, firstPoint + window.length())} of every polyline, e.g.
     *               from {@link Chart#pointsAround(double, double)}{@code (x0, x1)}
     */
    public static int[] crossing(PolylineSource window, int firstPoint, Chart chart, double x0, double y0, double x1,
            double y1, IProgressMonitor monitor) {
        double left = Math.min(x0, x1);
        double right = Math.max(x0, x1);
        double top = Math.min(y0, y1);
        double bottom = Math.max(y0, y1);
        int len = window.length();
        int n = window.polylineCount();
        int[] found = new int[16];
        int count = 0;
        float[] rows = new float[Math.min(BLOCK, Math.max(1, n)) * len];
        int[] ys = new int[len];
        int[] xs = columns(chart, firstPoint, len);
        for (int first = 0; first < n; first += BLOCK) {
            checkCanceled(monitor);
            int block = Math.min(BLOCK, n - first);
            window.read(first, block, rows);
            for (int i = 0; i < block; i++) {
                PolylineDensity.toRows(rows, i * len, len, chart.axis(), chart.height(), ys);
                if (crosses(xs, ys, left, top, right, bottom)) {
                    if (count == found.length) {
                        found = Arrays.copyOf(found, 2 * count);
                    }
                    found[count++] = first + i;
                }
            }
        }
        return Arrays.copyOf(found, count);
    }

    private static int[] columns(Chart chart, int firstPoint, int len) {
        int[] xs = new int[len];
        for (int j = 0; j < len; j++) {
            xs[j] = chart.column(firstPoint + j);
        }
        return xs;
    }

    /** Distance from (x, y) to the nearest drawn segment; +Inf when no segment is drawn. */
    static double distance(int[] xs, int[] ys, double x, double y) {
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j + 1 < ys.length; j++) {
            if (ys[j] == Integer.MIN_VALUE || ys[j + 1] == Integer.MIN_VALUE) {
                continue;
            }
            best = Math.min(best, segmentDistance(xs[j], ys[j], xs[j + 1], ys[j + 1], x, y));
        }
        return best;
    }

    private static double segmentDistance(double ax, double ay, double bx, double by, double x, double y) {
        double dx = bx - ax;
        double dy = by - ay;
        double squared = dx * dx + dy * dy;
        double t = squared == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / squared));
        return Math.hypot(ax + t * dx - x, ay + t * dy - y);
    }

    /** True when a drawn segment has a point in the rectangle (Liang-Barsky clipping). */
    static boolean crosses(int[] xs, int[] ys, double left, double top, double right, double bottom) {
        for (int j = 0; j + 1 < ys.length; j++) {
            if (ys[j] == Integer.MIN_VALUE || ys[j + 1] == Integer.MIN_VALUE) {
                continue;
            }
            if (clips(xs[j], ys[j], xs[j + 1], ys[j + 1], left, top, right, bottom)) {
                return true;
            }
        }
        return false;
    }

    private static boolean clips(double ax, double ay, double bx, double by, double left, double top, double right,
            double bottom) {
        double dx = bx - ax;
        double dy = by - ay;
        double[] p = { -dx, dx, -dy, dy };
        double[] q = { ax - left, right - ax, ay - top, bottom - ay };
        double enter = 0;
        double exit = 1;
        for (int k = 0; k < 4; k++) {
            if (p[k] == 0) {
                if (q[k] < 0) {
                    return false; // parallel to this edge and outside it
                }
            } else {
                double t = q[k] / p[k];
                if (p[k] < 0) {
                    enter = Math.max(enter, t);
                } else {
                    exit = Math.min(exit, t);
                }
            }
        }
        return enter <= exit;
    }

    private static Hits sorted(int[] found, double[] distances, int count) {
        Integer[] order = new Integer[count];
        for (int k = 0; k < count; k++) {
            order[k] = k;
        }
        // nearest first; equal distances in polyline order, so the answer does not depend on blocks
        Arrays.sort(order, (a, b) -> distances[a] != distances[b] ? Double.compare(distances[a], distances[b])
                : Integer.compare(found[a], found[b]));
        int[] polylines = new int[count];
        double[] sortedDistances = new double[count];
        for (int k = 0; k < count; k++) {
            polylines[k] = found[order[k]];
            sortedDistances[k] = distances[order[k]];
        }
        return new Hits(polylines, sortedDistances);
    }

    private static void checkCanceled(IProgressMonitor monitor) {
        if (monitor != null && monitor.isCanceled()) {
            throw new OperationCanceledException();
        }
    }
}
