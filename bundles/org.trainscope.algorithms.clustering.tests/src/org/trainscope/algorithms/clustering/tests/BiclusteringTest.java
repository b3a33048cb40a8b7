package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.Biclustering;
import org.trainscope.algorithms.clustering.Biclustering.Bicluster;
import org.trainscope.algorithms.clustering.ChengChurch;
import org.trainscope.algorithms.clustering.SpectralCoclustering;
import org.trainscope.core.math.FloatMatrix;

class BiclusteringTest {

    /** A weight matrix with planted biclusters and the planted row and column sets. */
    record Planting(FloatMatrix weights, List<int[]> rows, List<int[]> columns) {
    }

    /**
     * Block-diagonal biclusters (|weight| about 1, sign alternating) in weak noise (|weight| below
     * 0.1), rows and columns shuffled: what a layer whose neuron groups feed distinct groups looks like.
     */
    static Planting diagonal(int[] rowSizes, int[] colSizes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int m = Arrays.stream(rowSizes).sum();
        int n = Arrays.stream(colSizes).sum();
        int[] rowOf = permutedBlocks(rowSizes, random);
        int[] colOf = permutedBlocks(colSizes, random);
        float[] w = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double v = rowOf[i] == colOf[j] ? 1 + 0.2 * random.nextDouble() : 0.1 * random.nextDouble();
                w[i * n + j] = (float) (random.nextBoolean() ? v : -v);
            }
        }
        return new Planting(new FloatMatrix(m, n, w), members(rowOf, rowSizes.length), members(colOf, colSizes.length));
    }

    private static int[] permutedBlocks(int[] sizes, SplittableRandom random) {
        int[] of = new int[Arrays.stream(sizes).sum()];
        int p = 0;
        for (int b = 0; b < sizes.length; b++) {
            for (int i = 0; i < sizes[b]; i++) {
                of[p++] = b;
            }
        }
        for (int i = of.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = of[i];
            of[i] = of[j];
            of[j] = t;
        }
        return of;
    }

    private static List<int[]> members(int[] of, int blocks) {
        return java.util.stream.IntStream.range(0, blocks)
                .mapToObj(b -> java.util.stream.IntStream.range(0, of.length).filter(i -> of[i] == b).toArray()).toList();
    }

    @Test
    void spectralCoclusteringRecoversPlantedDiagonalBiclusters() {
        for (long seed = 1; seed <= 3; seed++) {
            Planting p = diagonal(new int[] { 20, 15, 25, 12 }, new int[] { 15, 10, 20, 8 }, seed);
            Biclustering b = new SpectralCoclustering(10).bicluster(p.weights(), 4, seed, null);
            assertEquals(4, b.biclusters().size(), b.toString());
            assertEquals(sets(p.rows()), sets(b.biclusters().stream().map(Bicluster::rows).toList()), b.toString());
            assertEquals(sets(p.columns()), sets(b.biclusters().stream().map(Bicluster::columns).toList()));
            for (Bicluster c : b.biclusters()) {
                assertTrue(c.meanWeight() > 1 && c.meanWeight() < 1.2, c.toString());
            }
            assertEquals(0, b.unassignedRows().length);
        }
    }

    /** A 10 x 8 block of |weight| about 3 planted in uniform [0, 1) noise (40 x 30), sign random. */
    static Planting block(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        FloatMatrix noise = Planted.uniform(40, 30, seed);
        int[] rows = chooseSorted(40, 10, random);
        int[] cols = chooseSorted(30, 8, random);
        float[] w = noise.data().clone();
        for (int i : rows) {
            for (int j : cols) {
                w[i * 30 + j] = (float) ((3 + 0.02 * Planted.gaussian(random)) * (random.nextBoolean() ? 1 : -1));
            }
        }
        return new Planting(new FloatMatrix(40, 30, w), List.of(rows), List.of(cols));
    }

    private static int[] chooseSorted(int n, int k, SplittableRandom random) {
        int[] all = java.util.stream.IntStream.range(0, n).toArray();
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, k);
        Arrays.sort(out);
        return out;
    }

    @Test
    void chengChurchRecoversAPlantedBicluster() {
        for (long seed = 1; seed <= 4; seed++) {
            Planting p = block(seed);
            Biclustering b = new ChengChurch(3, 0.01, 1.2, 2, 2).bicluster(p.weights(), null);
            assertTrue(!b.biclusters().isEmpty(), "seed " + seed + ": " + b);
            Bicluster first = b.biclusters().get(0);
            assertArrayEquals(p.rows().get(0), first.rows(), "seed " + seed + ": " + b);
            assertArrayEquals(p.columns().get(0), first.columns(), "seed " + seed + ": " + b);
            assertTrue(first.meanWeight() > 2.9 && first.meanSquaredResidue() < 0.01, first.toString());
        }
    }

    @Test
    void nonFiniteWeightsAreLeftOutAndThePlantingIsStillFound() {
        Planting p = diagonal(new int[] { 10, 12, 8 }, new int[] { 9, 7, 11 }, 7);
        float[] w = p.weights().data().clone();
        int n = p.weights().cols();
        w[5 * n + 3] = Float.NaN;
        w[20 * n + 9] = Float.NEGATIVE_INFINITY;
        FloatMatrix broken = new FloatMatrix(p.weights().rows(), n, w);
        for (Biclustering b : List.of(new SpectralCoclustering(10).bicluster(broken, 3, 1, null),
                new ChengChurch(3, 0.01, 1.2, 2, 2).bicluster(broken, null))) {
            assertArrayEquals(new int[] { 5, 20 }, b.nonFiniteRows(), b.toString());
            assertArrayEquals(new int[] { 3, 9 }, b.nonFiniteColumns());
            for (Bicluster c : b.biclusters()) {
                assertTrue(Arrays.stream(c.rows()).noneMatch(r -> r == 5 || r == 20));
                assertTrue(Arrays.stream(c.columns()).noneMatch(col -> col == 3 || col == 9));
                assertTrue(Double.isFinite(c.meanWeight()) && Double.isFinite(c.meanSquaredResidue()));
            }
            assertTrue(!b.biclusters().isEmpty());
        }
        Biclustering spectral = new SpectralCoclustering(10).bicluster(broken, 3, 1, null);
        Set<Set<Integer>> expected = p.rows().stream()
                .map(r -> Arrays.stream(r).filter(x -> x != 5 && x != 20).boxed().collect(Collectors.toSet()))
                .collect(Collectors.toSet());
        assertEquals(expected, sets(spectral.biclusters().stream().map(Bicluster::rows).toList()));
    }

    @Test
    void deterministicAndCancellable() {
        Planting p = block(11);
        assertEquals(new ChengChurch(3, 0.01, 1.2, 2, 2).bicluster(p.weights(), null),
                new ChengChurch(3, 0.01, 1.2, 2, 2).bicluster(p.weights(), null));
        assertEquals(new SpectralCoclustering(5).bicluster(p.weights(), 3, 5, null),
                new SpectralCoclustering(5).bicluster(p.weights(), 3, 5, null));
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class,
                () -> new ChengChurch(3, 0.01, 1.2, 2, 2).bicluster(p.weights(), cancelled));
        assertThrows(OperationCanceledException.class,
                () -> new SpectralCoclustering(5).bicluster(p.weights(), 3, 5, cancelled));
    }

    private static Set<Set<Integer>> sets(List<int[]> arrays) {
        Set<Set<Integer>> out = new HashSet<>();
        arrays.forEach(a -> out.add(Arrays.stream(a).boxed().collect(Collectors.toSet())));
        return out;
    }
}
