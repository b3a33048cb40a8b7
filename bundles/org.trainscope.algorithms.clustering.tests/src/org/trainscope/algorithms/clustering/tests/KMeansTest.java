package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.ClusterAgreement;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.KMeans;
import org.trainscope.core.math.FloatMatrix;

class KMeansTest {
    private final KMeans kMeans = new KMeans(10, 100);

    @Test
    void wellSeparatedBlobsAreRecoveredExactly() {
        Planted.Blobs blobs = Planted.blobs(5, 30, 6, 8, 0.5, 1);
        Clustering c = kMeans.cluster(blobs.points(), 5, 42, null);
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(blobs.truth(), c.assignment()), 1e-12, c.toString());
        assertEquals(5, c.finiteClusterCount());
        assertEquals(0, c.nonFiniteRows().length);
    }

    @Test
    void theSuggestedKIsThePlantedOne() {
        for (int planted : new int[] { 2, 3, 6 }) {
            Planted.Blobs blobs = Planted.blobs(planted, 20, 4, 10, 0.7, planted);
            Clustering c = kMeans.suggest(blobs.points(), 10, 7, null);
            assertEquals(planted, c.finiteClusterCount(), c + " " + c.scoreByK());
            assertEquals(1.0, ClusterAgreement.adjustedRandIndex(blobs.truth(), c.assignment()), 1e-12);
            assertEquals(Math.min(10, 20 * planted - 1) - 1, c.scoreByK().size());
        }
    }

    @Test
    void sameSeedSameClustering() {
        FloatMatrix noise = Planted.uniform(200, 3, 5);
        Clustering a = kMeans.cluster(noise, 7, 99, null);
        Clustering b = kMeans.cluster(noise, 7, 99, null);
        assertEquals(a, b);
        Clustering s = kMeans.suggest(noise, 8, 99, null);
        assertEquals(s, kMeans.suggest(noise, 8, 99, null));
    }

    /** The best of 10 restarts is within 1 % of the optimum found by trying all 3^10 partitions. */
    @Test
    void costIsWithinOnePercentOfTheBruteForceOptimum() {
        for (long seed = 1; seed <= 5; seed++) {
            FloatMatrix x = Planted.uniform(10, 2, seed);
            double optimum = bruteForceOptimum(x, 3);
            Clustering c = kMeans.cluster(x, 3, seed, null);
            assertTrue(c.cost() <= optimum * 1.01 + 1e-9, "seed " + seed + ": cost " + c.cost() + ", optimum " + optimum);
            assertTrue(c.cost() >= optimum - 1e-6, "cannot beat the optimum");
        }
    }

    private static double bruteForceOptimum(FloatMatrix x, int k) {
        int n = x.rows();
        int[] labels = new int[n];
        double best = Double.POSITIVE_INFINITY;
        int total = (int) Math.pow(k, n);
        for (int code = 0; code < total; code++) {
            int rest = code;
            for (int i = 0; i < n; i++) {
                labels[i] = rest % k;
                rest /= k;
            }
            best = Math.min(best, withinSumOfSquares(x, labels, k));
        }
        return best;
    }

    private static double withinSumOfSquares(FloatMatrix x, int[] labels, int k) {
        double cost = 0;
        for (int c = 0; c < k; c++) {
            double[] mean = new double[x.cols()];
            int count = 0;
            for (int i = 0; i < x.rows(); i++) {
                if (labels[i] == c) {
                    count++;
                    for (int j = 0; j < x.cols(); j++) {
                        mean[j] += x.get(i, j);
                    }
                }
            }
            for (int i = 0; i < x.rows(); i++) {
                if (labels[i] == c) {
                    for (int j = 0; j < x.cols(); j++) {
                        double diff = x.get(i, j) - mean[j] / count;
                        cost += diff * diff;
                    }
                }
            }
        }
        return cost;
    }

    @Test
    void nonFiniteRowsFormTheirOwnGroupAndLeaveTheCentroidsAlone() {
        Planted.Blobs blobs = Planted.blobs(3, 20, 4, 8, 0.5, 3);
        FloatMatrix x = blobs.points();
        float[] data = x.data().clone();
        int[] bad = { 4, 17, 33 };
        data[4 * 4 + 1] = Float.NaN;
        data[17 * 4] = Float.POSITIVE_INFINITY;
        data[33 * 4 + 3] = Float.NEGATIVE_INFINITY;
        Clustering c = kMeans.cluster(new FloatMatrix(x.rows(), x.cols(), data), 3, 42, null);
        assertArrayEquals(bad, c.nonFiniteRows());
        assertEquals(4, c.clusterCount());
        for (int r : bad) {
            assertEquals(c.nonFiniteCluster(), c.assignment()[r]);
        }
        for (float v : c.centroids().data()) {
            assertTrue(Float.isFinite(v));
        }
        assertTrue(Double.isFinite(c.cost()));
        int[] goodRows = java.util.stream.IntStream.range(0, x.rows()).filter(r -> Arrays.binarySearch(bad, r) < 0)
                .toArray();
        int[] truth = Arrays.stream(goodRows).map(r -> blobs.truth()[r]).toArray();
        int[] found = Arrays.stream(goodRows).map(r -> c.assignment()[r]).toArray();
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(truth, found), 1e-12);

        float[] allNaN = new float[12];
        Arrays.fill(allNaN, Float.NaN);
        Clustering none = kMeans.suggest(new FloatMatrix(4, 3, allNaN), 5, 1, null);
        assertEquals(0, none.finiteClusterCount());
        assertEquals(4, none.nonFiniteRows().length);
    }

    @Test
    void moreClustersThanDistinctRowsStillGivesKClustersWhenRowsAllow() {
        float[] data = { 0, 0, 0, 0, 1, 1, 1, 1, 5, 5 };
        Clustering c = kMeans.cluster(new FloatMatrix(5, 2, data), 3, 1, null);
        assertEquals(0.0, c.cost(), 1e-12);
        assertEquals(3, Arrays.stream(c.sizes()).filter(s -> s > 0).count());
        Clustering tooMany = kMeans.cluster(new FloatMatrix(5, 2, data), 9, 1, null);
        assertEquals(5, tooMany.finiteClusterCount());
    }

    @Test
    void cancellationStops() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        FloatMatrix x = Planted.uniform(100, 3, 1);
        assertThrows(OperationCanceledException.class, () -> kMeans.cluster(x, 4, 1, cancelled));
        assertThrows(OperationCanceledException.class, () -> kMeans.suggest(x, 4, 1, cancelled));
    }
}
