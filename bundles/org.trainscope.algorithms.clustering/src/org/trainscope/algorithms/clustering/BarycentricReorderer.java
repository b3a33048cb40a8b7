package org.trainscope.algorithms.clustering;

import java.util.Arrays;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;
import org.trainscope.core.math.FloatMatrix;

/**
 * Barycentric ordering (Sugiyama, Tagawa and Toda 1981, on the matrix as a bipartite graph): rows
 * and columns are nodes, |value| the weight of the edge between them. A sweep moves every row to
 * the weighted mean position of its columns and sorts (stably) by it, then does the same for the
 * columns. Rows with no weight keep their position. Heavy entries gather near the diagonal, which
 * lowers edge crossings rather than adjacent distances; of the orders reached in {@code sweeps}
 * sweeps the one with the lowest row cost + column cost ({@link Reordering}) is kept, so it is
 * never worse than the input order. Deterministic; O(sweeps * rows * columns).
 */
public final class BarycentricReorderer {
    private final int sweeps;

    public BarycentricReorderer(int sweeps) {
        if (sweeps < 1) {
            throw new IllegalArgumentException("sweeps must be >= 1");
        }
        this.sweeps = sweeps;
    }

    public Reordering reorder(FloatMatrix m, IProgressMonitor monitor) {
        return Reordering.of(m, this::order, "barycentric ordering, " + sweeps + " sweeps", monitor);
    }

    private int[][] order(FloatMatrix block, IProgressMonitor monitor) {
        FloatMatrix t = org.trainscope.algorithms.clustering.internal.Matrices.transpose(block);
        int[] rows = Reordering.identity(block.rows());
        int[] cols = Reordering.identity(block.cols());
        int[][] best = { rows.clone(), cols.clone() };
        double bestCost = cost(block, t, rows, cols);
        for (int s = 0; s < sweeps; s++) {
            Cancellation.check(monitor);
            rows = sweep(block, rows, cols);
            cols = sweep(t, cols, rows);
            double c = cost(block, t, rows, cols);
            if (c < bestCost) {
                bestCost = c;
                best = new int[][] { rows.clone(), cols.clone() };
            }
        }
        return best;
    }

    private static double cost(FloatMatrix block, FloatMatrix t, int[] rows, int[] cols) {
        return Reordering.adjacentDistanceSum(block, rows) + Reordering.adjacentDistanceSum(t, cols);
    }

    /** Rows of m sorted by the |m|-weighted mean position of their columns. */
    private static int[] sweep(FloatMatrix m, int[] rowOrder, int[] colOrder) {
        int[] colPosition = new int[colOrder.length];
        for (int p = 0; p < colOrder.length; p++) {
            colPosition[colOrder[p]] = p;
        }
        double[] key = new double[m.rows()];
        for (int p = 0; p < rowOrder.length; p++) {
            int r = rowOrder[p];
            double w = 0;
            double s = 0;
            for (int c = 0; c < m.cols(); c++) {
                double a = Math.abs(m.get(r, c));
                w += a;
                s += a * colPosition[c];
            }
            key[r] = w > 0 ? s / w * (rowOrder.length - 1.0) / Math.max(1, colOrder.length - 1) : p;
        }
        Integer[] sorted = Arrays.stream(rowOrder).boxed().toArray(Integer[]::new);
        Arrays.sort(sorted, (a, b) -> Double.compare(key[a], key[b])); // stable: ties keep the current order
        return Arrays.stream(sorted).mapToInt(Integer::intValue).toArray();
    }
}
