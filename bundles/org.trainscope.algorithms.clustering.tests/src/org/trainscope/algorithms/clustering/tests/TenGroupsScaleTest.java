package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.Biclustering;
import org.trainscope.algorithms.clustering.ChengChurch;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.KMeans;
import org.trainscope.algorithms.clustering.LeafOrderReorderer;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.RectanglePacking;
import org.trainscope.algorithms.clustering.RectanglePacking.Node;
import org.trainscope.algorithms.clustering.Reordering;
import org.trainscope.algorithms.clustering.SpectralCoclustering;
import org.trainscope.core.math.FloatMatrix;

/**
 * The scale: 10 layer groups of 512 neurons (10 class-mean features each, 8 planted groups
 * of neurons), clustered with k suggested up to 12, packed, one 50 x 512 activation facet per group
 * reordered, and the 512 x 512 weights between adjacent groups biclustered both ways. It checks the
 * results and prints the time each step took (for the benchmark notes; no timing is asserted).
 */
class TenGroupsScaleTest {

    @Test
    void tenGroupsOf512Neurons() {
        List<Clustering> clusterings = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int g = 0; g < 10; g++) {
            Planted.Blobs blobs = Planted.blobs(8, 64, 10, 6, 1.0, g);
            Clustering c = new KMeans(10, 100).suggest(blobs.points(), 12, 42, null);
            assertEquals(512, c.assignment().length);
            assertEquals(8, c.finiteClusterCount(), c.toString());
            clusterings.add(c);
        }
        long t1 = System.nanoTime();
        List<Node> groups = new ArrayList<>();
        for (int g = 0; g < 10; g++) {
            Clustering c = clusterings.get(g);
            List<Node> clusters = new ArrayList<>();
            for (int k = 0; k < c.clusterCount(); k++) {
                List<Node> neurons = new ArrayList<>();
                for (int n : c.members(k)) {
                    neurons.add(Node.leaf("g" + g + "n" + n, 1));
                }
                clusters.add(Node.of("g" + g + "c" + k, neurons));
            }
            groups.add(Node.of("g" + g, clusters));
        }
        RectanglePacking.PackedNode packed = new RectanglePacking(1).pack(Node.of("net", groups),
                new Rect(0, 0, 1600, 1000), null);
        assertEquals(5120, packed.leaves().size());
        long t2 = System.nanoTime();
        for (int g = 0; g < 10; g++) {
            FloatMatrix facet = Planted.uniform(50, 512, g);
            Reordering r = new LeafOrderReorderer().reorder(facet, null);
            assertEquals(512, r.columnOrder().length);
        }
        long t3 = System.nanoTime();
        int spectralFound = 0;
        for (int g = 0; g < 9; g++) {
            FloatMatrix w = Planted.uniform(512, 512, 100 + g);
            Biclustering b = new SpectralCoclustering(10).bicluster(w, 8, 42, null);
            spectralFound += b.biclusters().size();
        }
        long t4 = System.nanoTime();
        int greedyFound = 0;
        for (int g = 0; g < 9; g++) {
            FloatMatrix w = Planted.uniform(512, 512, 100 + g);
            greedyFound += new ChengChurch(8, 0.01, 1.2, 2, 2).bicluster(w, null).biclusters().size();
        }
        long t5 = System.nanoTime();
        assertTrue(spectralFound >= 9, "spectral biclusters " + spectralFound);
        System.out.println(String.format(Locale.ROOT,
                "10 groups x 512 neurons: k-means (k suggested up to 12) %.0f ms, packing %.0f ms, optimal leaf"
                        + " ordering of ten 50 x 512 facets %.0f ms, spectral co-clustering of nine 512 x 512 weight"
                        + " matrices %.0f ms, Cheng-Church %.0f ms (%d biclusters)",
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t5 - t4) / 1e6, greedyFound));
    }
}
