package org.trainscope.algorithms.clustering;

import java.util.Arrays;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Matrices;
import org.trainscope.core.math.FloatMatrix;

/**
 * New orders of a matrix's rows and columns (e.g. an activation facet: probe inputs x neurons), and
 * what they cost: the sum of Euclidean distances between adjacent rows (columns), the quantity the
 * reorderers lower so that similar rows sit together.
 * <p>
 * Non-finite values: a row (column) holding a NaN or infinity goes to the end of the order, in its
 * input order, and is listed in {@link #nonFiniteRows()} ({@link #nonFiniteColumns()}); the finite
 * block is ordered on its own (its values are all finite), so a broken neuron shows as a band at
 * the edge of the facet instead of scrambling the rest.
 *
 * @param rowOrder         the input row shown at each position
 * @param columnOrder      the input column shown at each position
 * @param rowCost          sum of distances between adjacent finite rows, over the finite columns
 * @param columnCost       sum of distances between adjacent finite columns, over the finite rows
 * @param nonFiniteRows    rows with a non-finite value, ascending
 * @param nonFiniteColumns columns with a non-finite value, ascending
 * @param method           the reorderer, for reports
 */
public record Reordering(int[] rowOrder, int[] columnOrder, double rowCost, double columnCost, int[] nonFiniteRows,
        int[] nonFiniteColumns, String method) {

    public Reordering {
        rowOrder = rowOrder.clone();
        columnOrder = columnOrder.clone();
        nonFiniteRows = nonFiniteRows.clone();
        nonFiniteColumns = nonFiniteColumns.clone();
    }

    /** How a matrix's finite block orders (reorderer-specific). */
    interface BlockOrderer {
        /** @return orders of the rows and of the columns of {@code block}, whose values are all finite */
        int[][] order(FloatMatrix block, IProgressMonitor monitor);
    }

    /** The finite block ordered by {@code orderer}, non-finite rows and columns appended, costs measured. */
    static Reordering of(FloatMatrix m, BlockOrderer orderer, String method, IProgressMonitor monitor) {
        boolean[] badRow = new boolean[m.rows()];
        boolean[] badCol = new boolean[m.cols()];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                if (!Float.isFinite(m.get(r, c))) {
                    badRow[r] = true;
                    badCol[c] = true;
                }
            }
        }
        int[] goodRows = indices(badRow, false);
        int[] goodCols = indices(badCol, false);
        FloatMatrix block = Matrices.select(m, goodRows, goodCols);
        int[][] orders = goodRows.length == 0 || goodCols.length == 0
                ? new int[][] { identity(goodRows.length), identity(goodCols.length) }
                : orderer.order(block, monitor);
        int[] rows = concat(map(orders[0], goodRows), indices(badRow, true));
        int[] cols = concat(map(orders[1], goodCols), indices(badCol, true));
        return new Reordering(rows, cols, adjacentDistanceSum(block, orders[0]),
                adjacentDistanceSum(Matrices.transpose(block), orders[1]), indices(badRow, true),
                indices(badCol, true), method);
    }

    /** Sum of Euclidean distances between consecutive rows of {@code m} in {@code order}. */
    public static double adjacentDistanceSum(FloatMatrix m, int[] order) {
        double s = 0;
        for (int p = 1; p < order.length; p++) {
            s += Math.sqrt(Matrices.squaredDistance(m, order[p - 1], m, order[p]));
        }
        return s;
    }

    static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static int[] indices(boolean[] flags, boolean value) {
        return java.util.stream.IntStream.range(0, flags.length).filter(i -> flags[i] == value).toArray();
    }

    private static int[] map(int[] order, int[] original) {
        return Arrays.stream(order).map(i -> original[i]).toArray();
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Reordering r && Arrays.equals(rowOrder, r.rowOrder) && Arrays.equals(columnOrder, r.columnOrder)
                && Arrays.equals(nonFiniteRows, r.nonFiniteRows) && Arrays.equals(nonFiniteColumns, r.nonFiniteColumns);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(rowOrder) * 31 + Arrays.hashCode(columnOrder);
    }

    @Override
    public String toString() {
        return method + ": row cost " + rowCost + ", column cost " + columnCost;
    }
}
