package org.trainscope.algorithms.clustering.internal;

import java.util.stream.IntStream;

import org.trainscope.core.math.FloatMatrix;

/**
 * The part of a weight matrix the biclusterers work on: |weight| over the rows and columns whose
 * weights are all finite (a non-finite weight excludes its row and its column), in double.
 */
public final class WeightBlock {
    public final int[] rows;
    public final int[] columns;
    public final int[] nonFiniteRows;
    public final int[] nonFiniteColumns;
    /** |weight|, rows.length x columns.length. */
    public final double[][] values;

    public WeightBlock(FloatMatrix w) {
        boolean[] badRow = new boolean[w.rows()];
        boolean[] badCol = new boolean[w.cols()];
        for (int r = 0; r < w.rows(); r++) {
            for (int c = 0; c < w.cols(); c++) {
                if (!Float.isFinite(w.get(r, c))) {
                    badRow[r] = true;
                    badCol[c] = true;
                }
            }
        }
        rows = IntStream.range(0, w.rows()).filter(r -> !badRow[r]).toArray();
        columns = IntStream.range(0, w.cols()).filter(c -> !badCol[c]).toArray();
        nonFiniteRows = IntStream.range(0, w.rows()).filter(r -> badRow[r]).toArray();
        nonFiniteColumns = IntStream.range(0, w.cols()).filter(c -> badCol[c]).toArray();
        values = new double[rows.length][columns.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                values[i][j] = Math.abs(w.get(rows[i], columns[j]));
            }
        }
    }

    /** Mean of |weight| over the given block rows x columns (block indices). */
    public double mean(int[] blockRows, int[] blockColumns) {
        double s = 0;
        for (int i : blockRows) {
            for (int j : blockColumns) {
                s += values[i][j];
            }
        }
        return blockRows.length == 0 || blockColumns.length == 0 ? 0 : s / (blockRows.length * (double) blockColumns.length);
    }

    /** Cheng and Church's mean squared residue of {@code a} over rows x columns. */
    public static double residue(double[][] a, int[] rows, int[] columns) {
        if (rows.length == 0 || columns.length == 0) {
            return 0;
        }
        double[] rowMean = new double[rows.length];
        double[] colMean = new double[columns.length];
        double all = 0;
        for (int x = 0; x < rows.length; x++) {
            for (int y = 0; y < columns.length; y++) {
                double v = a[rows[x]][columns[y]];
                rowMean[x] += v;
                colMean[y] += v;
                all += v;
            }
        }
        for (int x = 0; x < rows.length; x++) {
            rowMean[x] /= columns.length;
        }
        for (int y = 0; y < columns.length; y++) {
            colMean[y] /= rows.length;
        }
        all /= rows.length * (double) columns.length;
        double h = 0;
        for (int x = 0; x < rows.length; x++) {
            for (int y = 0; y < columns.length; y++) {
                double r = a[rows[x]][columns[y]] - rowMean[x] - colMean[y] + all;
                h += r * r;
            }
        }
        return h / (rows.length * (double) columns.length);
    }

    /** Input indices of the given block indices. */
    public static int[] map(int[] blockIndices, int[] original) {
        return java.util.Arrays.stream(blockIndices).map(i -> original[i]).toArray();
    }
}
