package org.trainscope.algorithms.clustering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;
import org.trainscope.algorithms.clustering.internal.Matrices;
import org.trainscope.core.math.FloatMatrix;

/**
 * Mean shift (Fukunaga and Hostetler 1975; Comaniciu and Meer 2002) on the rows of a matrix:
 * from every row, a point climbs the kernel density estimate by moving to the kernel-weighted mean
 * of the rows around it, until it moves less than 1e-4 bandwidths or the iteration limit. The
 * points where climbs end are the modes; modes closer than half a bandwidth are merged (the mode
 * reached from more rows wins, ties: the lower row), and every row joins the surviving mode
 * nearest to where its climb ended. The number of clusters is not given: it follows from the
 * bandwidth.
 * <p>
 * Kernels: {@link Kernel#FLAT} weighs the rows within one bandwidth equally (the mean of the
 * ball); {@link Kernel#GAUSSIAN} weighs every row by exp(-2 d^2 / h^2), a normal kernel of standard
 * deviation h/2, so that both look at about the same neighbourhood (with a standard deviation of h
 * the Gaussian's tails merge clusters about 2 h apart that the flat kernel keeps apart). Bandwidth:
 * given, or estimated as the median over rows of the distance to their ceil(q (n-1))-th nearest
 * row (q, the quantile, 0.3 by default): the scale at which a row sees a fraction q of the others,
 * robust to a few far outliers because it is a median.
 * <p>
 * Deterministic (no randomness at all). Non-finite rows are set aside as for {@link KMeans}; the
 * cost is the sum of squared distances of rows to their mode. Asks the monitor to stop between
 * climbs. Cost O(n^2 d) per iteration of all climbs: meant for layers of up to a few thousand
 * neurons.
 */
public final class MeanShift {
    /** Kernel profiles. */
    public enum Kernel {
        FLAT, GAUSSIAN
    }

    private final Kernel kernel;
    private final int maxIterations;

    public MeanShift(Kernel kernel, int maxIterations) {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1");
        }
        this.kernel = kernel;
        this.maxIterations = maxIterations;
    }

    /**
     * @param bandwidth the kernel's scale h; 0 or less: estimated with {@code quantile}
     * @param quantile  in (0, 1]: which nearest neighbour the bandwidth estimate uses
     */
    public Clustering cluster(FloatMatrix x, double bandwidth, double quantile, IProgressMonitor monitor) {
        int[] finite = Matrices.finiteRows(x);
        FloatMatrix points = Matrices.selectRows(x, finite);
        int n = points.rows();
        int d = points.cols();
        double h = bandwidth > 0 ? bandwidth : estimateBandwidth(points, quantile, monitor);
        if (!(h > 0)) {
            h = Double.MIN_NORMAL; // all rows coincide: any positive scale gives one mode
        }
        double[][] ends = new double[n][];
        for (int i = 0; i < n; i++) {
            Cancellation.check(monitor);
            ends[i] = climb(points, i, h);
        }
        Integer[] byPopularity = popularityOrder(ends, h);
        List<double[]> modes = new ArrayList<>();
        for (int i : byPopularity) {
            if (nearest(modes, ends[i]) < 0 || distance2(modes.get(nearest(modes, ends[i])), ends[i]) >= h * h / 4) {
                modes.add(ends[i]);
            }
        }
        int[] labels = new int[n];
        float[] centroids = new float[modes.size() * d];
        for (int m = 0; m < modes.size(); m++) {
            for (int j = 0; j < d; j++) {
                centroids[m * d + j] = (float) modes.get(m)[j];
            }
        }
        // Modes in the order of their first row, so cluster numbers do not depend on popularity ties.
        int[] firstRow = new int[modes.size()];
        Arrays.fill(firstRow, Integer.MAX_VALUE);
        for (int i = 0; i < n; i++) {
            labels[i] = nearest(modes, ends[i]);
            firstRow[labels[i]] = Math.min(firstRow[labels[i]], i);
        }
        Integer[] order = new Integer[modes.size()];
        for (int m = 0; m < order.length; m++) {
            order[m] = m;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(firstRow[a], firstRow[b]));
        int[] rank = new int[order.length];
        float[] sorted = new float[centroids.length];
        for (int r = 0; r < order.length; r++) {
            rank[order[r]] = r;
            System.arraycopy(centroids, order[r] * d, sorted, r * d, d);
        }
        int k = order.length;
        FloatMatrix modeMatrix = new FloatMatrix(k, d, sorted);
        int[] assignment = new int[x.rows()];
        Arrays.fill(assignment, k);
        double cost = 0;
        for (int i = 0; i < n; i++) {
            assignment[finite[i]] = rank[labels[i]];
            cost += Matrices.squaredDistance(points, i, modeMatrix, rank[labels[i]]);
        }
        return new Clustering(assignment, modeMatrix, cost, Matrices.complement(finite, x.rows()), Map.of(),
                "mean shift, " + kernel.name().toLowerCase(java.util.Locale.ROOT) + " kernel, bandwidth "
                        + (float) h + (bandwidth > 0 ? "" : " (estimated, quantile " + quantile + ")"));
    }

    /** Median over rows of the distance to the ceil(q (n-1))-th nearest other row (0 for n < 2). */
    public static double estimateBandwidth(FloatMatrix points, double quantile, IProgressMonitor monitor) {
        if (!(quantile > 0 && quantile <= 1)) {
            throw new IllegalArgumentException("quantile must be in (0, 1], was " + quantile);
        }
        int n = points.rows();
        if (n < 2) {
            return 0;
        }
        int rank = Math.max(1, (int) Math.ceil(quantile * (n - 1)));
        double[] kth = new double[n];
        double[] row = new double[n - 1];
        for (int i = 0; i < n; i++) {
            Cancellation.check(monitor);
            int m = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    row[m++] = Matrices.squaredDistance(points, i, points, j);
                }
            }
            Arrays.sort(row);
            kth[i] = Math.sqrt(row[rank - 1]);
        }
        Arrays.sort(kth);
        return n % 2 == 1 ? kth[n / 2] : (kth[n / 2 - 1] + kth[n / 2]) / 2;
    }

    private double[] climb(FloatMatrix points, int start, double h) {
        int n = points.rows();
        int d = points.cols();
        double[] y = new double[d];
        for (int j = 0; j < d; j++) {
            y[j] = points.data()[start * d + j];
        }
        double[] next = new double[d];
        double h2 = h * h;
        double stop2 = 1e-8 * h2; // moves below 1e-4 bandwidths
        for (int iteration = 0; iteration < maxIterations; iteration++) {
            Arrays.fill(next, 0);
            double weight = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double diff = points.data()[i * d + j] - y[j];
                    s += diff * diff;
                }
                double w = kernel == Kernel.FLAT ? (s <= h2 ? 1 : 0) : Math.exp(-2 * s / h2);
                if (w > 0) {
                    weight += w;
                    for (int j = 0; j < d; j++) {
                        next[j] += w * points.data()[i * d + j];
                    }
                }
            }
            if (weight == 0) {
                break; // Gaussian weights underflowed: the point is far from everything, it stays a mode
            }
            double moved = 0;
            for (int j = 0; j < d; j++) {
                next[j] /= weight;
                moved += (next[j] - y[j]) * (next[j] - y[j]);
            }
            System.arraycopy(next, 0, y, 0, d);
            if (moved < stop2) {
                break;
            }
        }
        return y;
    }

    /** Rows ordered by how many climbs ended within half a bandwidth of theirs, most first. */
    private static Integer[] popularityOrder(double[][] ends, double h) {
        int n = ends.length;
        int[] support = new int[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (distance2(ends[i], ends[j]) < h * h / 4) {
                    support[i]++;
                }
            }
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> support[a] != support[b] ? Integer.compare(support[b], support[a])
                : Integer.compare(a, b));
        return order;
    }

    private static int nearest(List<double[]> modes, double[] p) {
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int m = 0; m < modes.size(); m++) {
            double v = distance2(modes.get(m), p);
            if (v < bestD) {
                bestD = v;
                best = m;
            }
        }
        return best;
    }

    private static double distance2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            s += (a[j] - b[j]) * (a[j] - b[j]);
        }
        return s;
    }
}
