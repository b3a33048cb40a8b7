package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.ClusterAgreement;
import org.trainscope.algorithms.clustering.Silhouette;

class ClusterAgreementTest {

    @Test
    void adjustedRandIndexIsOneForRenamedPartitionsAndNearZeroForChance() {
        assertEquals(1.0, ClusterAgreement.adjustedRandIndex(new int[] { 0, 0, 1, 1, 2 }, new int[] { 7, 7, 3, 3, 5 }), 1e-12);
        // contingency [[2, 1], [0, 2]]: index 2, expected 4 * 4 / 10 = 1.6, maximum 4, ARI (2 - 1.6) / (4 - 1.6) = 1/6
        assertEquals(1.0 / 6, ClusterAgreement.adjustedRandIndex(new int[] { 0, 0, 0, 1, 1 }, new int[] { 0, 0, 1, 1, 1 }),
                1e-12);
        SplittableRandom random = new SplittableRandom(3);
        int[] a = new int[5000];
        int[] b = new int[5000];
        for (int i = 0; i < a.length; i++) {
            a[i] = random.nextInt(5);
            b[i] = random.nextInt(5);
        }
        assertTrue(Math.abs(ClusterAgreement.adjustedRandIndex(a, b)) < 0.01);
    }

    @Test
    void purityIsTheShareOfTheMajorityClass() {
        // cluster 0: classes 1, 1, 2; cluster 1: classes 3, 3 -> (2 + 2) / 5
        assertEquals(0.8, ClusterAgreement.purity(new int[] { 0, 0, 0, 1, 1 }, new int[] { 1, 1, 2, 3, 3 }), 1e-12);
        assertEquals(1.0, ClusterAgreement.purity(new int[] { 0, 1, 2 }, new int[] { 5, 5, 5 }), 1e-12);
    }

    @Test
    void silhouetteOfAHandComputedExample() {
        // points on a line at 0, 1 (cluster 0) and 5 (cluster 1)
        double[][] d = { { 0, 1, 5 }, { 1, 0, 4 }, { 5, 4, 0 } };
        double s0 = (5 - 1) / 5.0;
        double s1 = (4 - 1) / 4.0;
        assertEquals((s0 + s1 + 0) / 3, Silhouette.mean(d, new int[] { 0, 0, 1 }), 1e-12);
        assertEquals(0, Silhouette.mean(d, new int[] { 0, 0, 0 }), 1e-12);
    }
}
