package org.trainscope.algorithms.clustering;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;
import org.trainscope.algorithms.clustering.internal.WeightBlock;
import org.trainscope.core.math.FloatMatrix;

/**
 * Greedy biclustering after Cheng and Church (2000) on |weight|, seeded at strong edges: a
 * bicluster is a block whose mean squared residue H (see {@link Biclustering.Bicluster}) is at
 * most delta, i.e. whose weights are well described by a row effect plus a column effect.
 * <p>
 * Cheng and Church start every search from the whole matrix and delete the rows and columns of
 * largest residue. On a weight matrix that finds the wrong thing: a block of strong edges in weak
 * ones gives its own rows the largest residues, so it is deleted first and a coherent block of weak
 * edges remains. Bundles should be strong edges, so each search here starts from the strongest
 * edge (i, j) not yet in a bicluster: the rows whose weight to column j, and the columns whose
 * weight from row i, are at least halfway from the matrix's mean weight to that edge's. Then, as
 * Cheng and Church do: multiple node deletion (all rows, then columns, whose mean squared residue
 * exceeds alpha H, while a side has more than {@value #MULTIPLE_DELETION_SIZE} members), single
 * node deletion (the row or column of largest residue) until H <= delta, and node addition (every
 * column, then row, whose residue does not exceed H). delta is relative to the seed:
 * {@code relativeDelta} times its squared weight (0.01: residues within about a tenth of the
 * seed's weight), so one setting serves layers of any weight scale.
 * <p>
 * A block smaller than minRows x minColumns, or still above delta, is discarded and its seed is
 * not tried again; at most {@value #ATTEMPTS_PER_BICLUSTER} seeds per bicluster asked for are
 * tried. Biclusters may overlap (as in Cheng and Church) but never share their seed cell.
 * Deterministic (no randomness; the seed parameter is not needed).
 */
public final class ChengChurch {
    static final int MULTIPLE_DELETION_SIZE = 100;
    static final int ATTEMPTS_PER_BICLUSTER = 20;

    private final int count;
    private final double relativeDelta;
    private final double alpha;
    private final int minRows;
    private final int minColumns;

    /**
     * @param count         biclusters to find at most
     * @param relativeDelta delta as a fraction of the whole matrix's mean squared residue
     * @param alpha         multiple deletion threshold (> 1)
     * @param minRows       smallest bicluster height reported
     * @param minColumns    smallest bicluster width reported
     */
    public ChengChurch(int count, double relativeDelta, double alpha, int minRows, int minColumns) {
        if (count < 1 || !(relativeDelta > 0) || !(alpha >= 1) || minRows < 1 || minColumns < 1) {
            throw new IllegalArgumentException("count >= 1, relativeDelta > 0, alpha >= 1, minimum sizes >= 1");
        }
        this.count = count;
        this.relativeDelta = relativeDelta;
        this.alpha = alpha;
        this.minRows = minRows;
        this.minColumns = minColumns;
    }

    public Biclustering bicluster(FloatMatrix weights, IProgressMonitor monitor) {
        WeightBlock block = new WeightBlock(weights);
        int m = block.rows.length;
        int n = block.columns.length;
        List<Biclustering.Bicluster> found = new ArrayList<>();
        String method = "Cheng-Church seeded at strong edges, delta " + relativeDelta + " x seed^2, alpha " + alpha;
        if (m >= minRows && n >= minColumns) {
            double[][] a = block.values;
            double mean = block.mean(IntStream.range(0, m).toArray(), IntStream.range(0, n).toArray());
            boolean[][] covered = new boolean[m][n];
            for (int attempt = 0; attempt < ATTEMPTS_PER_BICLUSTER * count && found.size() < count; attempt++) {
                Cancellation.check(monitor);
                int si = -1;
                int sj = -1;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        if (!covered[i][j] && (si < 0 || a[i][j] > a[si][sj])) {
                            si = i;
                            sj = j;
                        }
                    }
                }
                if (si < 0 || !(a[si][sj] > mean)) {
                    break; // no edge left that is stronger than the average
                }
                double threshold = (a[si][sj] + mean) / 2;
                double delta = relativeDelta * a[si][sj] * a[si][sj];
                Search s = new Search(a, m, n);
                s.start(si, sj, threshold);
                s.multipleDeletion(delta, monitor);
                s.singleDeletion(delta, monitor);
                s.addition();
                int[] r = s.rows();
                int[] c = s.columns();
                covered[si][sj] = true;
                if (s.residue() > delta || r.length < minRows || c.length < minColumns) {
                    continue;
                }
                for (int i : r) {
                    for (int j : c) {
                        covered[i][j] = true;
                    }
                }
                found.add(new Biclustering.Bicluster(WeightBlock.map(r, block.rows), WeightBlock.map(c, block.columns),
                        block.mean(r, c), WeightBlock.residue(block.values, r, c)));
            }
        }
        return new Biclustering(found, weights.rows(), weights.cols(), block.nonFiniteRows, block.nonFiniteColumns,
                method);
    }

    /** One greedy search: the current rows and columns and their means. */
    private final class Search {
        private final double[][] a;
        private final boolean[] inRow;
        private final boolean[] inCol;
        private int rowCount;
        private int colCount;
        private final double[] rowMean;
        private final double[] colMean;
        private double mean;

        Search(double[][] a, int m, int n) {
            this.a = a;
            inRow = new boolean[m];
            inCol = new boolean[n];
            java.util.Arrays.fill(inRow, true);
            java.util.Arrays.fill(inCol, true);
            rowCount = m;
            colCount = n;
            rowMean = new double[m];
            colMean = new double[n];
            update();
        }

        /** Row means over the current columns (for every row), column means over the current rows. */
        private void update() {
            java.util.Arrays.fill(rowMean, 0);
            java.util.Arrays.fill(colMean, 0);
            mean = 0;
            for (int i = 0; i < inRow.length; i++) {
                for (int j = 0; j < inCol.length; j++) {
                    if (inCol[j]) {
                        rowMean[i] += a[i][j];
                    }
                    if (inRow[i]) {
                        colMean[j] += a[i][j];
                        if (inCol[j]) {
                            mean += a[i][j];
                        }
                    }
                }
            }
            for (int i = 0; i < inRow.length; i++) {
                rowMean[i] /= colCount;
            }
            for (int j = 0; j < inCol.length; j++) {
                colMean[j] /= rowCount;
            }
            mean /= rowCount * (double) colCount;
        }

        private double cell(int i, int j) {
            double r = a[i][j] - rowMean[i] - colMean[j] + mean;
            return r * r;
        }

        double rowResidue(int i) {
            double s = 0;
            for (int j = 0; j < inCol.length; j++) {
                if (inCol[j]) {
                    s += cell(i, j);
                }
            }
            return s / colCount;
        }

        double colResidue(int j) {
            double s = 0;
            for (int i = 0; i < inRow.length; i++) {
                if (inRow[i]) {
                    s += cell(i, j);
                }
            }
            return s / rowCount;
        }

        double residue() {
            double s = 0;
            for (int i = 0; i < inRow.length; i++) {
                if (inRow[i]) {
                    s += rowResidue(i);
                }
            }
            return s / rowCount;
        }

        void multipleDeletion(double delta, IProgressMonitor monitor) {
            while (true) {
                Cancellation.check(monitor);
                double h = residue();
                if (h <= delta) {
                    return;
                }
                boolean removed = false;
                if (rowCount > MULTIPLE_DELETION_SIZE) {
                    removed |= dropAbove(inRow, true, alpha * h, minRows);
                    update();
                    h = residue();
                }
                if (colCount > MULTIPLE_DELETION_SIZE) {
                    removed |= dropAbove(inCol, false, alpha * h, minColumns);
                    update();
                }
                if (!removed) {
                    return;
                }
            }
        }

        private boolean dropAbove(boolean[] in, boolean rows, double threshold, int keep) {
            int current = rows ? rowCount : colCount;
            List<Integer> drop = new ArrayList<>();
            for (int x = 0; x < in.length; x++) {
                if (in[x] && (rows ? rowResidue(x) : colResidue(x)) > threshold) {
                    drop.add(x);
                }
            }
            if (drop.isEmpty() || current - drop.size() < keep) {
                return false;
            }
            drop.forEach(x -> in[x] = false);
            if (rows) {
                rowCount -= drop.size();
            } else {
                colCount -= drop.size();
            }
            return true;
        }

        void singleDeletion(double delta, IProgressMonitor monitor) {
            while (residue() > delta) {
                Cancellation.check(monitor);
                int worstRow = -1;
                double worstRowResidue = -1;
                if (rowCount > minRows) {
                    for (int i = 0; i < inRow.length; i++) {
                        if (inRow[i] && rowResidue(i) > worstRowResidue) {
                            worstRowResidue = rowResidue(i);
                            worstRow = i;
                        }
                    }
                }
                int worstCol = -1;
                double worstColResidue = -1;
                if (colCount > minColumns) {
                    for (int j = 0; j < inCol.length; j++) {
                        if (inCol[j] && colResidue(j) > worstColResidue) {
                            worstColResidue = colResidue(j);
                            worstCol = j;
                        }
                    }
                }
                if (worstRow < 0 && worstCol < 0) {
                    return;
                }
                if (worstRowResidue >= worstColResidue) {
                    inRow[worstRow] = false;
                    rowCount--;
                } else {
                    inCol[worstCol] = false;
                    colCount--;
                }
                update();
            }
        }

        void addition() {
            double h = residue();
            boolean added = false;
            for (int j = 0; j < inCol.length; j++) {
                if (!inCol[j] && colResidue(j) <= h) {
                    inCol[j] = true;
                    colCount++;
                    added = true;
                }
            }
            if (added) {
                update();
                h = residue();
            }
            for (int i = 0; i < inRow.length; i++) {
                if (!inRow[i] && rowResidue(i) <= h) {
                    inRow[i] = true;
                    rowCount++;
                }
            }
            update();
        }

        /** Starts from the rows strong towards column sj and the columns strong from row si. */
        void start(int si, int sj, double threshold) {
            rowCount = 0;
            colCount = 0;
            for (int i = 0; i < inRow.length; i++) {
                inRow[i] = a[i][sj] >= threshold;
                rowCount += inRow[i] ? 1 : 0;
            }
            for (int j = 0; j < inCol.length; j++) {
                inCol[j] = a[si][j] >= threshold;
                colCount += inCol[j] ? 1 : 0;
            }
            update();
        }

        int[] rows() {
            return IntStream.range(0, inRow.length).filter(i -> inRow[i]).toArray();
        }

        int[] columns() {
            return IntStream.range(0, inCol.length).filter(j -> inCol[j]).toArray();
        }
    }
}
