package org.trainscope.algorithms.clustering;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;

/**
 * Optimal leaf ordering (Bar-Joseph, Gifford and Jaakkola 2001): of the 2^(n-1) leaf orders a
 * dendrogram allows (each merge may swap its two children), the one with the smallest sum of
 * distances between adjacent leaves. Dynamic programming over the tree: M(i, j), the cheapest
 * order of the subtree LCA(i, j) that starts at leaf i and ends at leaf j, is
 * min over k, m of M(i, k) + D(k, m) + M(m, j), with k the inner end of i's side and m that of j's.
 * One n x n table holds it, since each leaf pair has one lowest common ancestor. O(n^3) time in
 * the worst case (O(n^2) per level of a balanced tree), O(n^2) memory. The result is optimal for
 * the given tree, not over all n! orders.
 */
public final class OptimalLeafOrdering {
    private final Dendrogram tree;
    private final double[][] d;
    private final double[][] best;
    private final int[] position;
    private final int[] start;
    private final int[] end;
    private final int[] dfsLeaves;

    private OptimalLeafOrdering(Dendrogram tree, double[][] d) {
        this.tree = tree;
        this.d = d;
        int n = tree.leafCount();
        this.best = new double[n][n];
        int nodes = Math.max(1, 2 * n - 1);
        this.start = new int[nodes];
        this.end = new int[nodes];
        this.dfsLeaves = tree.leafOrder();
        this.position = new int[n];
        for (int p = 0; p < n; p++) {
            position[dfsLeaves[p]] = p;
        }
        for (int v = 0; v < nodes; v++) {
            if (tree.isLeaf(v)) {
                start[v] = position[v];
                end[v] = position[v] + 1;
            } else {
                // children precede parents, so their ranges are known
                start[v] = Math.min(start[tree.left(v)], start[tree.right(v)]);
                end[v] = Math.max(end[tree.left(v)], end[tree.right(v)]);
            }
        }
    }

    /** The optimal order of the leaves of {@code tree} under distances {@code d}. */
    public static int[] order(Dendrogram tree, double[][] d, IProgressMonitor monitor) {
        int n = tree.leafCount();
        if (n <= 2) {
            return tree.leafOrder();
        }
        OptimalLeafOrdering olo = new OptimalLeafOrdering(tree, d);
        for (int v = n; v <= tree.root(); v++) {
            Cancellation.check(monitor);
            olo.solve(v);
        }
        int root = tree.root();
        int[] l = olo.leaves(tree.left(root));
        int[] r = olo.leaves(tree.right(root));
        int bi = l[0];
        int bj = r[0];
        for (int i : l) {
            for (int j : r) {
                if (olo.best[i][j] < olo.best[bi][bj]) {
                    bi = i;
                    bj = j;
                }
            }
        }
        List<Integer> out = new ArrayList<>(n);
        olo.trace(root, bi, bj, out);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private boolean contains(int node, int leaf) {
        return start[node] <= position[leaf] && position[leaf] < end[node];
    }

    private int[] leaves(int node) {
        int[] out = new int[end[node] - start[node]];
        System.arraycopy(dfsLeaves, start[node], out, 0, out.length);
        return out;
    }

    /** The leaves an order of {@code child} starting at {@code leaf} can end with. */
    private int[] innerEnds(int child, int leaf) {
        if (tree.isLeaf(child)) {
            return new int[] { leaf };
        }
        return contains(tree.left(child), leaf) ? leaves(tree.right(child)) : leaves(tree.left(child));
    }

    private void solve(int v) {
        int[] l = leaves(tree.left(v));
        int[] r = leaves(tree.right(v));
        double[][] viaLeft = new double[l.length][r.length]; // min_k M(i, k) + D(k, m)
        for (int a = 0; a < l.length; a++) {
            int i = l[a];
            int[] ks = innerEnds(tree.left(v), i);
            for (int b = 0; b < r.length; b++) {
                int m = r[b];
                double min = Double.POSITIVE_INFINITY;
                for (int k : ks) {
                    min = Math.min(min, best[i][k] + d[k][m]);
                }
                viaLeft[a][b] = min;
            }
        }
        for (int c = 0; c < r.length; c++) {
            int j = r[c];
            int[] ms = innerEnds(tree.right(v), j);
            for (int a = 0; a < l.length; a++) {
                int i = l[a];
                double min = Double.POSITIVE_INFINITY;
                for (int m : ms) {
                    min = Math.min(min, viaLeft[a][position[m] - start[tree.right(v)]] + best[m][j]);
                }
                best[i][j] = best[j][i] = min;
            }
        }
    }

    /** Appends the optimal order of {@code node} from leaf {@code i} to leaf {@code j}. */
    private void trace(int node, int i, int j, List<Integer> out) {
        if (tree.isLeaf(node)) {
            out.add(i);
            return;
        }
        if (!contains(tree.left(node), i)) {
            List<Integer> reversed = new ArrayList<>();
            trace(node, j, i, reversed);
            java.util.Collections.reverse(reversed);
            out.addAll(reversed);
            return;
        }
        int bk = -1;
        int bm = -1;
        double min = Double.POSITIVE_INFINITY;
        for (int k : innerEnds(tree.left(node), i)) {
            for (int m : innerEnds(tree.right(node), j)) {
                double v = best[i][k] + d[k][m] + best[m][j];
                if (v < min) {
                    min = v;
                    bk = k;
                    bm = m;
                }
            }
        }
        trace(tree.left(node), i, bk, out);
        trace(tree.right(node), bm, j, out);
    }
}
