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

    /**
     * One greedy search: the current rows I and columns J and their means over the block. Every
     * step costs O(|I| |J|) (node addition O(m |J| + n |I|)), not O(m n).
     */
    private final class Search {
        private final double[][] a;
        private final boolean[] inRow;
        private final boolean[] inCol;
        private int[] rows;
        private int[] cols;
        private final double[] rowMean;
        private final double[] colMean;
        private double mean;

        Search(double[][] a, int m, int n) {
            this.a = a;
            inRow = new boolean[m];
            inCol = new boolean[n];
            rowMean = new double[m];
            colMean = new double[n];
        }

        /** Starts from the rows strong towards column sj and the columns strong from row si. */
        void start(int si, int sj, double threshold) {
            for (int i = 0; i < inRow.length; i++) {
                inRow[i] = a[i][sj] >= threshold;
            }
            for (int j = 0; j < inCol.length; j++) {
                inCol[j] = a[si][j] >= threshold;
            }
            update();
        }

        /** Member lists from the flags, then the means of I x J. */
        private void update() {
            rows = IntStream.range(0, inRow.length).filter(i -> inRow[i]).toArray();
            cols = IntStream.range(0, inCol.length).filter(j -> inCol[j]).toArray();
            mean = 0;
            for (int j : cols) {
                colMean[j] = 0;
            }
            for (int i : rows) {
                double s = 0;
                for (int j : cols) {
                    s += a[i][j];
                    colMean[j] += a[i][j];
                }
                rowMean[i] = s / cols.length;
                mean += s;
            }
            for (int j : cols) {
                colMean[j] /= rows.length;
            }
            mean /= rows.length * (double) cols.length;
        }

        /** Mean squared residue of every member row (into rowResidue) and column (colResidue); returns H. */
        private double residues(double[] rowResidue, double[] colResidue) {
            double h = 0;
            for (int j : cols) {
                colResidue[j] = 0;
            }
            for (int i : rows) {
                double s = 0;
                for (int j : cols) {
                    double r = a[i][j] - rowMean[i] - colMean[j] + mean;
                    s += r * r;
                    colResidue[j] += r * r;
                }
                rowResidue[i] = s / cols.length;
                h += s;
            }
            for (int j : cols) {
                colResidue[j] /= rows.length;
            }
            return h / (rows.length * (double) cols.length);
        }

        double residue() {
            return residues(new double[inRow.length], new double[inCol.length]);
        }

        void multipleDeletion(double delta, IProgressMonitor monitor) {
            double[] rr = new double[inRow.length];
            double[] cr = new double[inCol.length];
            while (true) {
                Cancellation.check(monitor);
                double h = residues(rr, cr);
                if (h <= delta) {
                    return;
                }
                boolean removed = false;
                if (rows.length > MULTIPLE_DELETION_SIZE) {
                    removed |= dropAbove(rows, inRow, rr, alpha * h, minRows);
                    update();
                    h = residues(rr, cr);
                }
                if (cols.length > MULTIPLE_DELETION_SIZE) {
                    removed |= dropAbove(cols, inCol, cr, alpha * h, minColumns);
                    update();
                }
                if (!removed) {
                    return;
                }
            }
        }

        private boolean dropAbove(int[] members, boolean[] in, double[] residue, double threshold, int keep) {
            int[] drop = java.util.Arrays.stream(members).filter(x -> residue[x] > threshold).toArray();
            if (drop.length == 0 || members.length - drop.length < keep) {
                return false;
            }
            for (int x : drop) {
                in[x] = false;
            }
            return true;
        }

        void singleDeletion(double delta, IProgressMonitor monitor) {
            double[] rr = new double[inRow.length];
            double[] cr = new double[inCol.length];
            while (residues(rr, cr) > delta) {
                Cancellation.check(monitor);
                int worstRow = -1;
                if (rows.length > minRows) {
                    for (int i : rows) {
                        if (worstRow < 0 || rr[i] > rr[worstRow]) {
                            worstRow = i;
                        }
                    }
                }
                int worstCol = -1;
                if (cols.length > minColumns) {
                    for (int j : cols) {
                        if (worstCol < 0 || cr[j] > cr[worstCol]) {
                            worstCol = j;
                        }
                    }
                }
                if (worstRow < 0 && worstCol < 0) {
                    return;
                }
                if (worstCol < 0 || (worstRow >= 0 && rr[worstRow] >= cr[worstCol])) {
                    inRow[worstRow] = false;
                } else {
                    inCol[worstCol] = false;
                }
                update();
            }
        }

        /** Adds every column, then every row, whose mean squared residue against the block is at most H. */
        void addition() {
            double h = residue();
            boolean added = false;
            for (int j = 0; j < inCol.length; j++) {
                if (!inCol[j]) {
                    double cm = 0;
                    for (int i : rows) {
                        cm += a[i][j];
                    }
                    cm /= rows.length;
                    double s = 0;
                    for (int i : rows) {
                        double r = a[i][j] - rowMean[i] - cm + mean;
                        s += r * r;
                    }
                    if (s / rows.length <= h) {
                        inCol[j] = true;
                        added = true;
                    }
                }
            }
            if (added) {
                update();
                h = residue();
            }
            added = false;
            for (int i = 0; i < inRow.length; i++) {
                if (!inRow[i]) {
                    double rm = 0;
                    for (int j : cols) {
                        rm += a[i][j];
                    }
                    rm /= cols.length;
                    double s = 0;
                    for (int j : cols) {
                        double r = a[i][j] - rm - colMean[j] + mean;
                        s += r * r;
                    }
                    if (s / cols.length <= h) {
                        inRow[i] = true;
                        added = true;
                    }
                }
            }
            if (added) {
                update();
            }
        }

        int[] rows() {
            return rows.clone();
        }

        int[] columns() {
            return cols.clone();
        }
    }
}
