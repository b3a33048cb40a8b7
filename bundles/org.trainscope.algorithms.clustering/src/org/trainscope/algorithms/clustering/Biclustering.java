package org.trainscope.algorithms.clustering;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Biclusters of a weight matrix between two groups (rows: one layer group's neurons or
 * clusters, columns: the next group's): each bicluster is a set of rows times a set of columns,
 * and becomes one bundle of edges in the CNNVis view.
 * <p>
 * Non-finite weights: a row or column holding a NaN or infinite weight is left out of every
 * bicluster and listed in {@link #nonFiniteRows()} / {@link #nonFiniteColumns()}, so a view can
 * draw those edges apart (they are what went wrong) instead of letting them decide the bundles.
 *
 * @param biclusters       the biclusters found, in the order the method found them
 * @param rowCount         rows of the input
 * @param columnCount      columns of the input
 * @param nonFiniteRows    rows with a non-finite weight, ascending
 * @param nonFiniteColumns columns with a non-finite weight, ascending
 * @param method           the method and its parameters, for reports
 */
public record Biclustering(List<Bicluster> biclusters, int rowCount, int columnCount, int[] nonFiniteRows,
        int[] nonFiniteColumns, String method) {

    public Biclustering {
        biclusters = List.copyOf(biclusters);
        nonFiniteRows = nonFiniteRows.clone();
        nonFiniteColumns = nonFiniteColumns.clone();
    }

    /**
     * One bicluster.
     *
     * @param rows               rows, ascending
     * @param columns            columns, ascending
     * @param meanWeight         mean |weight| over rows x columns
     * @param meanSquaredResidue Cheng and Church's H: mean of (a_ij - a_iJ - a_Ij + a_IJ)^2 over the
     *                           bicluster, 0 for a perfectly coherent (additive) block
     */
    public record Bicluster(int[] rows, int[] columns, double meanWeight, double meanSquaredResidue) {
        public Bicluster {
            rows = rows.clone();
            columns = columns.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bicluster b && Arrays.equals(rows, b.rows) && Arrays.equals(columns, b.columns);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(rows) * 31 + Arrays.hashCode(columns);
        }

        @Override
        public String toString() {
            return rows.length + "x" + columns.length + " rows " + Arrays.toString(rows) + " columns "
                    + Arrays.toString(columns) + " mean " + (float) meanWeight + " residue " + (float) meanSquaredResidue;
        }
    }

    /** Finite rows in no bicluster, ascending. */
    public int[] unassignedRows() {
        boolean[] used = new boolean[rowCount];
        biclusters.forEach(b -> Arrays.stream(b.rows()).forEach(r -> used[r] = true));
        Arrays.stream(nonFiniteRows).forEach(r -> used[r] = true);
        return IntStream.range(0, rowCount).filter(r -> !used[r]).toArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Biclustering b && biclusters.equals(b.biclusters) && Arrays.equals(nonFiniteRows, b.nonFiniteRows)
                && Arrays.equals(nonFiniteColumns, b.nonFiniteColumns);
    }

    @Override
    public int hashCode() {
        return biclusters.hashCode();
    }

    @Override
    public String toString() {
        return method + ": " + biclusters;
    }
}
