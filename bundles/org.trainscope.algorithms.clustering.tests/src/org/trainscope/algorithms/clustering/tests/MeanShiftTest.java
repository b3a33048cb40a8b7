package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.ClusterAgreement;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.MeanShift;
import org.trainscope.core.math.FloatMatrix;

class MeanShiftTest {

    @Test
    void blobsAreRecoveredWithAGivenBandwidthByBothKernels() {
        Planted.Blobs blobs = Planted.blobs(4, 25, 5, 10, 0.5, 11);
        for (MeanShift.Kernel kernel : MeanShift.Kernel.values()) {
            Clustering c = new MeanShift(kernel, 300).cluster(blobs.points(), 3.0, 0.3, null);
            assertEquals(4, c.finiteClusterCount(), kernel + ": " + c);
            assertEquals(1.0, ClusterAgreement.adjustedRandIndex(blobs.truth(), c.assignment()), 1e-12);
        }
    }

    /**
     * The estimate looks at the ceil(q (n-1))-th nearest neighbour: it is on the scale of a cluster
     * when every cluster holds more than a fraction q of the rows (here 4 of 25 %, q = 0.2).
     */
    @Test
    void theEstimatedBandwidthRecoversBlobsThatHoldMoreThanTheQuantile() {
        Planted.Blobs blobs = Planted.blobs(4, 25, 5, 10, 0.5, 12);
        double h = MeanShift.estimateBandwidth(blobs.points(), 0.2, null);
        assertTrue(h > 0.5 && h < 5, "bandwidth " + h);
        Clustering c = new MeanShift(MeanShift.Kernel.GAUSSIAN, 300).cluster(blobs.points(), 0, 0.2, null);
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(blobs.truth(), c.assignment()), 1e-12, c.toString());
    }

    /**
     * A layer's size: 512 neurons in 8 groups of 64 (10 features, unit noise, groups 8.5 apart),
     * bandwidth estimated with q = 0.1. The flat kernel recovers the groups exactly on 4 seeds; the
     * Gaussian (standard deviation h/2) exactly on 3 and with an adjusted Rand index of 0.987 on the
     * fourth (5 neurons join a neighbouring group), so at least 0.98 is asserted for it.
     */
    @Test
    void bothKernelsRecoverTheGroupsOfALayerOf512Neurons() {
        for (long seed = 1; seed <= 4; seed++) {
            Planted.Blobs blobs = Planted.blobs(8, 64, 10, 6, 1.0, seed);
            Clustering flat = new MeanShift(MeanShift.Kernel.FLAT, 300).cluster(blobs.points(), 0, 0.1, null);
            assertEquals(1.0, ClusterAgreement.adjustedRandIndex(blobs.truth(), flat.assignment()), 1e-12, flat.toString());
            Clustering gaussian = new MeanShift(MeanShift.Kernel.GAUSSIAN, 300).cluster(blobs.points(), 0, 0.1, null);
            double ari = ClusterAgreement.adjustedRandIndex(blobs.truth(), gaussian.assignment());
            assertTrue(ari >= 0.98, "seed " + seed + ": " + ari + " " + gaussian);
        }
    }

    @Test
    void deterministicAndModesNumberedByTheirFirstRow() {
        Planted.Blobs blobs = Planted.blobs(3, 15, 3, 8, 0.6, 2);
        MeanShift ms = new MeanShift(MeanShift.Kernel.GAUSSIAN, 200);
        Clustering a = ms.cluster(blobs.points(), 2.5, 0.3, null);
        assertEquals(a, ms.cluster(blobs.points(), 2.5, 0.3, null));
        assertArrayEquals(new int[] { 0, 1, 2 }, new int[] { a.assignment()[0], a.assignment()[1], a.assignment()[2] });
    }

    @Test
    void nonFiniteRowsAreSetAside() {
        Planted.Blobs blobs = Planted.blobs(2, 10, 2, 8, 0.3, 4);
        float[] data = blobs.points().data().clone();
        data[3 * 2] = Float.NaN;
        data[8 * 2 + 1] = Float.POSITIVE_INFINITY;
        Clustering c = new MeanShift(MeanShift.Kernel.FLAT, 200).cluster(new FloatMatrix(20, 2, data), 2.0, 0.3,
                null);
        assertArrayEquals(new int[] { 3, 8 }, c.nonFiniteRows());
        assertEquals(2, c.finiteClusterCount());
        assertEquals(c.nonFiniteCluster(), c.assignment()[3]);
        for (float v : c.centroids().data()) {
            assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void cancellationStops() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        FloatMatrix x = Planted.uniform(50, 2, 1);
        assertThrows(OperationCanceledException.class,
                () -> new MeanShift(MeanShift.Kernel.GAUSSIAN, 10).cluster(x, 0.2, 0.3, cancelled));
    }
}
