package org.trainscope.algorithms.clustering.tests.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.provider.ClusterPurity;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.core.math.FloatMatrix;

/**
 * Cluster purity and redundancy on planted activations whose answer is worked out by hand: three
 * classes of four probe inputs each; a neuron "for class c" is 1 on the inputs of class c and 0
 * elsewhere (so two neurons for the same class correlate 1, for different classes −0.5).
 */
class ClusterPurityTest {
    private static final int[] LABELS = { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 };
    private static final int DEAD = -1;
    private static final int NAN = -2;

    /**
     * Probe inputs x neurons: a neuron for class {@code kinds[n]}, a dead one (all 0), or one with a
     * NaN; {@code labels} are the labels the activations come with (empty: none).
     */
    private static NeuronActivations planted(int[] kinds, int[] labels) {
        float[] values = new float[LABELS.length * kinds.length];
        for (int p = 0; p < LABELS.length; p++) {
            for (int n = 0; n < kinds.length; n++) {
                float v = kinds[n] >= 0 && LABELS[p] == kinds[n] ? 1 : 0;
                if (kinds[n] == NAN) {
                    v = p == 5 ? Float.NaN : LABELS[p] == 0 ? 1 : 0;
                }
                values[p * kinds.length + n] = v;
            }
        }
        return new NeuronActivations(values, LABELS.length, kinds.length, labels);
    }

    // neurons: 0..3 for classes 0,0,0,1; 4,5 for class 2; 6 dead; 7 NaN; 8 for class 1
    private static final int[] KINDS = { 0, 0, 0, 1, 2, 2, DEAD, NAN, 1 };
    private static final List<int[]> CLUSTERS = List.of(new int[] { 0, 1, 2, 3 }, new int[] { 4, 5 },
            new int[] { 6, 7, 8 });

    @Test
    void purityIsTheShareOfTheMajorityPreferredClassAndNonFiniteAndDeadNeuronsAreCountedApart() {
        ClusterPurity p = ClusterPurity.of(planted(KINDS, LABELS), CLUSTERS, new NullProgressMonitor());
        assertTrue(p.labelled());
        assertArrayEquals(new int[] { 0, 1, 2 }, p.classes());
        assertEquals(9, p.neurons());
        assertEquals(1, p.nonFiniteNeurons());
        assertEquals(1, p.indifferentNeurons());
        assertEquals(1, p.constantNeurons());
        // majority neurons 3 + 2 + 1 of 4 + 2 + 1 classed
        assertEquals(6.0 / 7, p.purity(), 1e-12);
        ClusterPurity.ClusterFigures a = p.clusters().get(0);
        assertEquals(0, a.majorityClass());
        assertEquals(3, a.majority());
        assertEquals(4, a.classed());
        assertEquals(0.75, a.purity(), 1e-12);
        ClusterPurity.ClusterFigures c = p.clusters().get(2);
        assertEquals(3, c.size());
        assertEquals(1, c.nonFinite());
        assertEquals(1, c.indifferent());
        assertEquals(1, c.classed());
        assertEquals(1, c.majorityClass());
        assertEquals(1.0, c.purity(), 1e-12);
    }

    @Test
    void redundancyIsTheMeanCorrelationOfPairsInsideClusters() {
        ClusterPurity p = ClusterPurity.of(planted(KINDS, LABELS), CLUSTERS, new NullProgressMonitor());
        // cluster 0: three pairs of equal neurons (r = 1) and three with the class-1 neuron (r = -0.5);
        // cluster 1: one pair r = 1; cluster 2: the dead and the NaN neuron have no correlation
        assertEquals(7, p.pairs());
        assertEquals((3 * 1 + 3 * -0.5 + 1) / 7, p.redundancy(), 1e-9);
        assertEquals(4.0 / 7, p.redundantPairShare(), 1e-12);
        assertEquals(1.5 / 6, p.clusters().get(0).redundancy(), 1e-9);
        assertEquals(1.0, p.clusters().get(1).redundancy(), 1e-9);
        assertTrue(Double.isNaN(p.clusters().get(2).redundancy()));
        // all pairs of the 7 correlatable neurons (classes 0,0,0,1,2,2,1): 3 + 1 + 1 pairs of the same
        // class (r = 1), the 16 others -0.5
        assertEquals((5 - 0.5 * 16) / 21, p.groupCorrelation(), 1e-9);
    }

    @Test
    void chancePurityIsThatOfShuffledPreferences() {
        ClusterPurity p = ClusterPurity.of(planted(KINDS, LABELS), CLUSTERS, new NullProgressMonitor());
        // a cluster of 4 classed neurons of 3 classes has a majority of at least 2: chance is above 3/7
        assertTrue(p.chancePurity() > 3.0 / 7 && p.chancePurity() < p.purity(), "chance " + p.chancePurity());
        // clusters of one are pure by construction, whatever the shuffle
        List<int[]> singletons = new ArrayList<>();
        for (int n = 0; n < KINDS.length; n++) {
            singletons.add(new int[] { n });
        }
        ClusterPurity single = ClusterPurity.of(planted(KINDS, LABELS), singletons, null);
        assertEquals(1.0, single.purity(), 0);
        assertEquals(1.0, single.chancePurity(), 1e-12);
        // one cluster: the purity is the largest class's share (3 of 7 prefer class 0), and so is chance
        ClusterPurity one = ClusterPurity.of(planted(KINDS, LABELS), List.of(new int[] { 0, 1, 2, 3, 4, 5, 6, 7, 8 }),
                null);
        assertEquals(3.0 / 7, one.purity(), 1e-12);
        assertEquals(3.0 / 7, one.chancePurity(), 1e-12);
    }

    @Test
    void preferredClassIsTheArgmaxOfTheMeanPerClassWithTiesToTheSmallestLabel() {
        // neuron 0: 1 on classes 1 and 2 (a tie: class 1); neuron 1: 2 on class 2 and 1 on class 0
        float[] values = new float[LABELS.length * 2];
        for (int p = 0; p < LABELS.length; p++) {
            values[p * 2] = LABELS[p] == 0 ? 0 : 1;
            values[p * 2 + 1] = LABELS[p] == 2 ? 2 : LABELS[p] == 0 ? 1 : 0;
        }
        int[] preferred = ClusterPurity.preferredClasses(new NeuronActivations(values, LABELS.length, 2, LABELS));
        assertArrayEquals(new int[] { 1, 2 }, preferred);
        int[] kinds = ClusterPurity.preferredClasses(planted(KINDS, LABELS));
        assertEquals(ClusterPurity.INDIFFERENT, kinds[6]);
        assertEquals(ClusterPurity.NON_FINITE, kinds[7]);
    }

    @Test
    void withoutLabelsThereIsNoPurityButStillRedundancy() {
        ClusterPurity p = ClusterPurity.of(planted(KINDS, new int[0]), CLUSTERS, null);
        assertFalse(p.labelled());
        assertTrue(Double.isNaN(p.purity()));
        assertTrue(Double.isNaN(p.chancePurity()));
        assertEquals(1, p.nonFiniteNeurons());
        assertEquals((3 * 1 + 3 * -0.5 + 1) / 7, p.redundancy(), 1e-9);
        assertEquals(-1, p.clusters().get(0).majorityClass());
    }

    @Test
    void aCancelledMonitorStops() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class,
                () -> ClusterPurity.of(planted(KINDS, LABELS), CLUSTERS, cancelled));
    }

    /**
     * A model's group holds the activations only in its clusters' reordered facets: the purity read
     * from them equals the purity of the activations themselves.
     */
    @Test
    void aModelGroupsPurityIsReadFromItsReorderedFacets() {
        NeuronActivations acts = planted(KINDS, LABELS);
        List<CnnVisModel.Cluster> clusters = new ArrayList<>();
        for (int k = 0; k < CLUSTERS.size(); k++) {
            int[] members = CLUSTERS.get(k);
            int[] probeOrder = new int[LABELS.length];
            for (int r = 0; r < probeOrder.length; r++) {
                probeOrder[r] = (r * 5 + k) % LABELS.length; // a permutation (5 is prime to 12)
            }
            int[] memberOrder = new int[members.length];
            for (int j = 0; j < members.length; j++) {
                memberOrder[j] = members.length - 1 - j;
            }
            FloatMatrix m = FloatMatrix.zeros(LABELS.length, members.length);
            for (int r = 0; r < LABELS.length; r++) {
                for (int j = 0; j < members.length; j++) {
                    m.set(r, j, acts.value(probeOrder[r], members[memberOrder[j]]));
                }
            }
            clusters.add(new CnnVisModel.Cluster(k, members, new float[0], false, new Rect(0, 0, 10, 10), new int[0],
                    m, probeOrder, memberOrder));
        }
        CnnVisModel.Group group = new CnnVisModel.Group("dense0", "dense0 + relu", "dense0.activation", KINDS.length, 1,
                new Rect(0, 0, 100, 100), clusters, "planted",
                new CnnVisModel.LayerFacts(Double.NaN, Double.NaN, 0, 0, ""), Map.of());
        assertEquals(ClusterPurity.of(acts, CLUSTERS, null), ClusterPurity.of(group, LABELS, null));
        // labels of another length are no labels
        assertFalse(ClusterPurity.of(group, new int[] { 0, 1 }, null).labelled());
    }
}
