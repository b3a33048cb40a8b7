package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.BarycentricReorderer;
import org.trainscope.algorithms.clustering.Dendrogram;
import org.trainscope.algorithms.clustering.LeafOrderReorderer;
import org.trainscope.algorithms.clustering.OptimalLeafOrdering;
import org.trainscope.algorithms.clustering.Reordering;
import org.trainscope.core.math.FloatMatrix;

class ReorderingTest {

    /** Row block r, column block c hold value (r * 3 + c) mod 5 plus noise; rows and columns shuffled. */
    record Blocks(FloatMatrix matrix, int[] rowBlock, int[] colBlock) {
    }

    static Blocks blocks(int rowBlocks, int colBlocks, int perRow, int perCol, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int rows = rowBlocks * perRow;
        int cols = colBlocks * perCol;
        int[] rowBlock = shuffledBlocks(rowBlocks, perRow, random);
        int[] colBlock = shuffledBlocks(colBlocks, perCol, random);
        float[] data = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                data[r * cols + c] = (float) ((rowBlock[r] * 3 + colBlock[c] * 7) % 5 + 0.1 * Planted.gaussian(random));
            }
        }
        return new Blocks(new FloatMatrix(rows, cols, data), rowBlock, colBlock);
    }

    static int[] permutation(int n, SplittableRandom random) {
        int[] out = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    private static int[] shuffledBlocks(int blocks, int per, SplittableRandom random) {
        int[] out = new int[blocks * per];
        for (int i = 0; i < out.length; i++) {
            out[i] = i / per;
        }
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    @Test
    void optimalLeafOrderingBeatsBarycentricRandomAndInputOrders() {
        for (long seed = 1; seed <= 4; seed++) {
            Blocks b = blocks(5, 4, 12, 10, seed);
            Reordering olo = new LeafOrderReorderer().reorder(b.matrix(), null);
            Reordering bary = new BarycentricReorderer(20).reorder(b.matrix(), null);
            int[] random = permutation(b.matrix().rows(), new SplittableRandom(seed + 100));
            double randomCost = Reordering.adjacentDistanceSum(b.matrix(), random);
            double inputCost = Reordering.adjacentDistanceSum(b.matrix(), identity(b.matrix().rows()));
            String what = "seed " + seed + ": OLO " + olo.rowCost() + ", barycentric " + bary.rowCost() + ", random "
                    + randomCost + ", input " + inputCost;
            assertTrue(olo.rowCost() <= bary.rowCost() + 1e-9, what);
            assertTrue(olo.rowCost() < randomCost && olo.rowCost() < inputCost, what);
            assertTrue(bary.rowCost() + bary.columnCost() <= inputCost
                    + Reordering.adjacentDistanceSum(transpose(b.matrix()), identity(b.matrix().cols())) + 1e-9, what);
            // the planted blocks come out contiguous: 4 block changes along the rows, 3 along the columns
            assertEquals(4, changes(olo.rowOrder(), b.rowBlock()), what);
            assertEquals(3, changes(olo.columnOrder(), b.colBlock()), what);
            assertTrue(isPermutation(olo.rowOrder(), b.matrix().rows()) && isPermutation(bary.columnOrder(), b.matrix().cols()));
        }
    }

    /** On 9 leaves, the dynamic programme finds the best of all 2^8 orders the tree allows. */
    @Test
    void optimalLeafOrderingIsOptimalOverAllFlipsOfTheTree() {
        for (long seed = 1; seed <= 6; seed++) {
            FloatMatrix x = Planted.uniform(9, 3, seed);
            double[][] d = distances(x);
            Dendrogram tree = Dendrogram.averageLinkage(d, null);
            int[] order = OptimalLeafOrdering.order(tree, d, null);
            double best = Double.POSITIVE_INFINITY;
            for (List<Integer> o : allOrders(tree, tree.root())) {
                best = Math.min(best, cost(d, o.stream().mapToInt(Integer::intValue).toArray()));
            }
            assertTrue(isPermutation(order, 9));
            assertEquals(best, cost(d, order), 1e-9, "seed " + seed);
        }
    }

    @Test
    void averageLinkageMergesTheClosestAverages() {
        // points on a line: 0, 1, 5, 6, 20 -> {0,1} at 1, {5,6} at 1, then {0,1,5,6} at average 5, then 20
        float[] xs = { 0, 5, 20, 1, 6 };
        double[][] d = distances(new FloatMatrix(5, 1, xs));
        Dendrogram t = Dendrogram.averageLinkage(d, null);
        int root = t.root();
        assertEquals((20 + 15 + 19 + 14) / 4.0, t.height(root), 1e-9);
        assertEquals(5.0, t.height(t.isLeaf(t.left(root)) ? t.right(root) : t.left(root)), 1e-9);
    }

    @Test
    void nonFiniteRowsAndColumnsGoLastAndTheRestIsOrdered() {
        Blocks b = blocks(3, 3, 6, 5, 9);
        float[] data = b.matrix().data().clone();
        int cols = b.matrix().cols();
        data[4 * cols + 2] = Float.NaN;
        data[10 * cols + 7] = Float.POSITIVE_INFINITY;
        FloatMatrix m = new FloatMatrix(b.matrix().rows(), cols, data);
        for (Reordering r : List.of(new LeafOrderReorderer().reorder(m, null), new BarycentricReorderer(10).reorder(m, null))) {
            assertArrayEquals(new int[] { 4, 10 }, r.nonFiniteRows());
            assertArrayEquals(new int[] { 2, 7 }, r.nonFiniteColumns());
            int n = r.rowOrder().length;
            assertArrayEquals(new int[] { 4, 10 }, Arrays.copyOfRange(r.rowOrder(), n - 2, n));
            assertArrayEquals(new int[] { 2, 7 }, Arrays.copyOfRange(r.columnOrder(), cols - 2, cols));
            assertTrue(Double.isFinite(r.rowCost()) && Double.isFinite(r.columnCost()), r.toString());
            assertTrue(isPermutation(r.rowOrder(), m.rows()) && isPermutation(r.columnOrder(), cols));
        }
    }

    @Test
    void deterministicAndCancellable() {
        Blocks b = blocks(4, 4, 8, 8, 3);
        assertEquals(new LeafOrderReorderer().reorder(b.matrix(), null), new LeafOrderReorderer().reorder(b.matrix(), null));
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> new LeafOrderReorderer().reorder(b.matrix(), cancelled));
        assertThrows(OperationCanceledException.class, () -> new BarycentricReorderer(5).reorder(b.matrix(), cancelled));
    }

    private static List<List<Integer>> allOrders(Dendrogram t, int v) {
        if (t.isLeaf(v)) {
            return List.of(List.of(v));
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> l : allOrders(t, t.left(v))) {
            for (List<Integer> r : allOrders(t, t.right(v))) {
                List<Integer> lr = new ArrayList<>(l);
                lr.addAll(r);
                out.add(lr);
                List<Integer> rl = new ArrayList<>(r);
                rl.addAll(l);
                out.add(rl);
            }
        }
        return out;
    }

    static double cost(double[][] d, int[] order) {
        double s = 0;
        for (int i = 1; i < order.length; i++) {
            s += d[order[i - 1]][order[i]];
        }
        return s;
    }

    static double[][] distances(FloatMatrix x) {
        double[][] d = new double[x.rows()][x.rows()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.rows(); j++) {
                double s = 0;
                for (int c = 0; c < x.cols(); c++) {
                    double diff = x.get(i, c) - x.get(j, c);
                    s += diff * diff;
                }
                d[i][j] = Math.sqrt(s);
            }
        }
        return d;
    }

    private static int changes(int[] order, int[] block) {
        int n = 0;
        for (int i = 1; i < order.length; i++) {
            if (block[order[i]] != block[order[i - 1]]) {
                n++;
            }
        }
        return n;
    }

    static boolean isPermutation(int[] order, int n) {
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        return Arrays.equals(sorted, identity(n));
    }

    static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    static FloatMatrix transpose(FloatMatrix m) {
        float[] out = new float[m.data().length];
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                out[c * m.rows() + r] = m.get(r, c);
            }
        }
        return new FloatMatrix(m.cols(), m.rows(), out);
    }
}
