package org.trainscope.algorithms.clustering;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.internal.Cancellation;

/**
 * A binary merge tree over n leaves: nodes 0..n-1 are the leaves, node n + m is the m-th merge
 * (its children were created before it, so the root is 2n - 2). Built by average-linkage
 * (UPGMA) agglomerative clustering with the nearest-neighbour chain algorithm (Murtagh 1983): O(n^2)
 * time and memory, exact for average linkage because it is reducible. Ties are broken towards the
 * previous chain element, then the lower index, so the tree is deterministic.
 */
public final class Dendrogram {
    private final int leaves;
    private final int[] left;
    private final int[] right;
    private final double[] height;

    private Dendrogram(int leaves, int[] left, int[] right, double[] height) {
        this.leaves = leaves;
        this.left = left;
        this.right = right;
        this.height = height;
    }

    /** Average linkage over the symmetric distances {@code d} (n x n, n >= 1). */
    public static Dendrogram averageLinkage(double[][] d, IProgressMonitor monitor) {
        int n = d.length;
        double[][] dist = new double[n][];
        for (int i = 0; i < n; i++) {
            dist[i] = d[i].clone();
        }
        int[] node = new int[n]; // the tree node a slot holds
        int[] size = new int[n];
        boolean[] active = new boolean[n];
        for (int i = 0; i < n; i++) {
            node[i] = i;
            size[i] = 1;
            active[i] = true;
        }
        int[] left = new int[Math.max(0, n - 1)];
        int[] right = new int[Math.max(0, n - 1)];
        double[] height = new double[Math.max(0, n - 1)];
        Deque<Integer> chain = new ArrayDeque<>();
        for (int merge = 0; merge < n - 1;) {
            Cancellation.check(monitor);
            if (chain.isEmpty()) {
                for (int i = 0; i < n; i++) {
                    if (active[i]) {
                        chain.push(i);
                        break;
                    }
                }
            }
            int a = chain.pop();
            Integer previous = chain.peek();
            int b = -1;
            double best = Double.POSITIVE_INFINITY;
            if (previous != null) {
                b = previous;
                best = dist[a][previous];
            }
            for (int i = 0; i < n; i++) {
                if (active[i] && i != a && dist[a][i] < best) {
                    best = dist[a][i];
                    b = i;
                }
            }
            if (previous != null && b == previous) {
                chain.pop();
                int keep = Math.min(a, b);
                int gone = Math.max(a, b);
                left[merge] = node[keep];
                right[merge] = node[gone];
                height[merge] = best;
                for (int k = 0; k < n; k++) {
                    if (active[k] && k != a && k != b) {
                        double v = (size[keep] * dist[keep][k] + size[gone] * dist[gone][k]) / (size[keep] + size[gone]);
                        dist[keep][k] = dist[k][keep] = v;
                    }
                }
                active[gone] = false;
                size[keep] += size[gone];
                node[keep] = n + merge;
                merge++;
            } else {
                chain.push(a);
                chain.push(b);
            }
        }
        return new Dendrogram(n, left, right, height);
    }

    public int leafCount() {
        return leaves;
    }

    public int root() {
        return leaves == 1 ? 0 : 2 * leaves - 2;
    }

    public boolean isLeaf(int node) {
        return node < leaves;
    }

    public int left(int node) {
        return left[node - leaves];
    }

    public int right(int node) {
        return right[node - leaves];
    }

    /** The linkage distance at which a merge node was formed (0 for leaves). */
    public double height(int node) {
        return isLeaf(node) ? 0 : height[node - leaves];
    }

    /** The leaves in the tree's own order (left before right), as a plain dendrogram draws them. */
    public int[] leafOrder() {
        int[] out = new int[leaves];
        int n = 0;
        Deque<Integer> todo = new ArrayDeque<>();
        todo.push(root());
        while (!todo.isEmpty()) {
            int v = todo.pop();
            if (isLeaf(v)) {
                out[n++] = v;
            } else {
                todo.push(right(v));
                todo.push(left(v));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "Dendrogram[" + leaves + " leaves, heights " + Arrays.toString(height) + "]";
    }
}
