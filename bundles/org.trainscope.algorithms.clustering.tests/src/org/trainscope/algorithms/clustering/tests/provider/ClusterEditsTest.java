package org.trainscope.algorithms.clustering.tests.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.clustering.provider.ClusterEdits;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisProvider;
import org.trainscope.algorithms.clustering.provider.CnnVisRequest;
import org.trainscope.algorithms.clustering.provider.SizeCoding;
import org.trainscope.core.model.Run;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * Cluster edits, outlier edges and size coding of the CNNVis provider on the CNN demo run
 * recorded small from real Fashion-MNIST (1,280 training images, 20 iterations). The edits are
 * made on the clusters of k-means with k = 4 in the first group (16 channels of conv + relu +
 * maxpool), as the view makes them, and replayed through {@link ClusterEdits#parse}.
 */
class ClusterEditsTest {
    @TempDir
    static Path directory;
    private static Run run;
    private static CnnVisRequest base;
    private static CnnVisModel plain;

    @BeforeAll
    static void record() throws IOException {
        DemoResult demo = DemoRuns.record(DemoKind.CNN, directory, 42, new DemoSize(1280, 64, 64, 20, 1),
                DemoRuns.dataDirectory(), null);
        run = TraceRun.open(demo.trace());
        base = CnnVisRequest.of(run, 1200, 700).withClusterer(CnnVisRequest.K_MEANS, Map.of("k", "4"));
        plain = compute(base);
    }

    @AfterAll
    static void close() throws Exception {
        if (run != null) {
            run.close();
        }
    }

    private static CnnVisModel compute(CnnVisRequest request) throws IOException {
        return new CnnVisProvider().compute(request, new NullProgressMonitor());
    }

    private static CnnVisModel.Group first(CnnVisModel m) {
        return m.groups().get(0);
    }

    private static int[] members(CnnVisModel m, int cluster) {
        return first(m).clusters().get(cluster).members();
    }

    @Test
    void mergeJoinsTwoClustersAndTheBundlesFollow() throws IOException {
        String g = first(plain).id();
        assertEquals(4, first(plain).clusters().size());
        int[] a = members(plain, 0);
        int[] b = members(plain, 2);
        CnnVisModel merged = compute(base.withEdits(ClusterEdits.NONE.with(new ClusterEdits.Merge(g, a, b))));
        assertEquals(3, first(merged).clusters().size());
        int[] union = IntStream.concat(Arrays.stream(a), Arrays.stream(b)).sorted().toArray();
        assertTrue(first(merged).clusters().stream().anyMatch(c -> Arrays.equals(c.members(), union)));
        assertEquals(1, merged.edits().edits().size());
        assertTrue(merged.droppedEdits().isEmpty());
        assertTrue(first(merged).clustering().endsWith("then 1 edit"), first(merged).clustering());
        assertConsistent(merged);
        // the other groups are not touched
        for (int i = 1; i < plain.groups().size(); i++) {
            assertEquals(plain.groups().get(i).clusters().size(), merged.groups().get(i).clusters().size());
        }
    }

    @Test
    void splitInTwoAndIntoNeurons() throws IOException {
        String g = first(plain).id();
        int biggest = IntStream.range(0, 4).boxed().max((x, y) -> members(plain, x).length - members(plain, y).length)
                .orElseThrow();
        int[] cluster = members(plain, biggest);
        assertTrue(cluster.length >= 2, Arrays.toString(cluster));
        CnnVisModel two = compute(base.withEdits(ClusterEdits.NONE.with(new ClusterEdits.Split(g, cluster, false))));
        assertEquals(5, first(two).clusters().size());
        int[] p = members(two, biggest);
        int[] q = members(two, biggest + 1);
        assertTrue(p.length > 0 && q.length > 0);
        assertArrayEquals(cluster, IntStream.concat(Arrays.stream(p), Arrays.stream(q)).sorted().toArray());
        assertConsistent(two);
        CnnVisModel again = compute(base.withEdits(ClusterEdits.NONE.with(new ClusterEdits.Split(g, cluster, false))));
        assertArrayEquals(p, members(again, biggest), "a split in two is deterministic");

        CnnVisModel neurons = compute(base.withEdits(ClusterEdits.NONE.with(new ClusterEdits.Split(g, cluster, true))));
        assertEquals(3 + cluster.length, first(neurons).clusters().size());
        for (int i = 0; i < cluster.length; i++) {
            assertArrayEquals(new int[] { cluster[i] }, members(neurons, biggest + i));
        }
        assertConsistent(neurons);
    }

    @Test
    void moveANeuronAndReplayTheEditsFromText() throws IOException {
        String g = first(plain).id();
        int source = IntStream.range(0, 4).filter(c -> members(plain, c).length >= 2).findFirst().orElseThrow();
        int target = (source + 1) % 4;
        int neuron = members(plain, source)[0];
        ClusterEdits edits = ClusterEdits.NONE.with(new ClusterEdits.Move(g, neuron, members(plain, target)));
        CnnVisModel moved = compute(base.withEdits(edits));
        assertEquals(4, first(moved).clusters().size());
        assertTrue(Arrays.binarySearch(members(moved, target), neuron) >= 0);
        assertFalse(Arrays.stream(members(moved, source)).anyMatch(n -> n == neuron));
        assertConsistent(moved);

        // a chain of edits, each naming clusters made by the one before, replayed from its text
        int[] grown = members(moved, target);
        edits = edits.with(new ClusterEdits.Split(g, grown, true)).with(new ClusterEdits.Merge(g,
                new int[] { grown[0] }, new int[] { grown[1] }));
        String text = edits.toText();
        assertEquals(3, text.lines().count(), text);
        ClusterEdits parsed = ClusterEdits.parse(text);
        assertEquals(text, parsed.toText());
        CnnVisModel direct = compute(base.withEdits(edits));
        CnnVisModel replayed = compute(base.withEdits(parsed));
        assertEquals(3, direct.edits().edits().size(), direct.warnings().toString());
        assertEquals(clusters(direct), clusters(replayed));
        assertEquals(4 - 1 + grown.length - 1, first(replayed).clusters().size());
        assertThrows(IllegalArgumentException.class, () -> ClusterEdits.parse("join a 1 2"));
    }

    @Test
    void editsThatNoLongerApplyAreDroppedWithOneNote() throws IOException {
        String g = first(plain).id();
        ClusterEdits edits = ClusterEdits.NONE.with(new ClusterEdits.Merge(g, members(plain, 0), members(plain, 1)))
                .with(new ClusterEdits.Move(g, 999, members(plain, 2)))
                .with(new ClusterEdits.Merge("no-such-group", new int[] { 0 }, new int[] { 1 }));
        CnnVisRequest three = base.withClusterer(CnnVisRequest.K_MEANS, Map.of("k", "3"));
        CnnVisModel onThree = compute(three.withEdits(edits));
        // k = 3 gives other clusters: the merge applies only if both its clusters are among them;
        // the move names a neuron out of range, the last edit a group the network does not have
        List<String> threeClusters = clusters(compute(three)).get(0);
        boolean mergeApplies = threeClusters.contains(Arrays.toString(members(plain, 0)))
                && threeClusters.contains(Arrays.toString(members(plain, 1)));
        assertFalse(mergeApplies, "k = 3 found two of the clusters of k = 4: " + threeClusters);
        assertEquals(0, onThree.edits().edits().size(), onThree.edits().toText());
        assertEquals(3, onThree.droppedEdits().edits().size());
        assertEquals(1, onThree.warnings().stream().filter(w -> w.contains("cluster edits no longer apply")).count(),
                onThree.warnings().toString());
        assertEquals(3, first(onThree).clusters().size());
        CnnVisModel onFour = compute(base.withEdits(edits));
        assertEquals(1, onFour.edits().edits().size());
        assertEquals(2, onFour.droppedEdits().edits().size());
    }

    @Test
    void outlierEdgesAreTheConnectedClusterPairsNoBundleCovers() throws IOException {
        CnnVisModel m = compute(base.withBiclusterer(CnnVisRequest.SPECTRAL, Map.of("k", "2")));
        int outliers = 0;
        for (CnnVisModel.Link l : m.links()) {
            Set<Long> covered = new HashSet<>();
            for (CnnVisModel.Bundle b : l.bundles()) {
                for (int r : b.fromClusters()) {
                    for (int c : b.toClusters()) {
                        covered.add(r * 10_000L + c);
                    }
                }
            }
            for (CnnVisModel.Bundle o : l.outliers()) {
                assertEquals(1, o.fromClusters().length);
                assertEquals(1, o.toClusters().length);
                assertFalse(covered.contains(o.fromClusters()[0] * 10_000L + o.toClusters()[0]));
                assertTrue(Double.isFinite(o.meanAbsWeight()) && o.meanAbsWeight() > 0, o.toString());
            }
            int rows = m.groups().get(l.from()).clusters().size();
            int cols = m.groups().get(l.to()).clusters().size();
            // every pair of these dense layers and convolutions is connected: bundles + outliers cover all
            assertEquals(rows * cols, covered.size() + l.outliers().size(), "link " + l.from() + "->" + l.to());
            outliers += l.outliers().size();
        }
        assertTrue(outliers > 0, "two biclusters of 4 x 4 clusters leave pairs out");
        assertFalse(m.outlierRange(org.trainscope.algorithms.clustering.provider.EdgeEncoding.WEIGHT).isEmpty());
    }

    @Test
    void sizeCodingSetsTheClusterAreas() throws IOException {
        CnnVisModel uniform = compute(base.withSizeCoding(SizeCoding.UNIFORM));
        CnnVisModel byActivation = compute(base.withSizeCoding(SizeCoding.ACTIVATION));
        assertEquals(SizeCoding.UNIFORM, uniform.sizeCoding());
        for (CnnVisModel.Group g : uniform.groups()) {
            double[] areas = g.clusters().stream().mapToDouble(c -> c.rect().area()).toArray();
            double max = Arrays.stream(areas).max().orElseThrow();
            double min = Arrays.stream(areas).min().orElseThrow();
            assertTrue(min > 0.85 * max, g.label() + ": " + Arrays.toString(areas)); // equal up to the padding
        }
        CnnVisModel.Group byNeurons = first(plain);
        CnnVisModel.Group act = first(byActivation);
        assertEquals(clusters(plain).get(0), clusters(byActivation).get(0), "same clusters, other areas");
        double[] n = byNeurons.clusters().stream().mapToDouble(c -> c.rect().area()).toArray();
        double[] a = act.clusters().stream().mapToDouble(c -> c.rect().area()).toArray();
        assertFalse(Arrays.equals(n, a), Arrays.toString(n) + " " + Arrays.toString(a));
        for (CnnVisModel model : List.of(uniform, byActivation)) {
            assertConsistent(model);
        }
    }

    private static List<List<String>> clusters(CnnVisModel m) {
        return m.groups().stream().map(g -> g.clusters().stream().map(c -> Arrays.toString(c.members())).toList())
                .toList();
    }

    /** Every neuron in one cluster, rectangles inside the box and apart, bundles naming existing clusters. */
    private static void assertConsistent(CnnVisModel m) {
        for (CnnVisModel.Group g : m.groups()) {
            int[] seen = new int[g.neuronCount()];
            for (CnnVisModel.Cluster c : g.clusters()) {
                assertTrue(c.size() > 0);
                Arrays.stream(c.members()).forEach(x -> seen[x]++);
                assertTrue(g.box().contains(c.rect(), 1e-6));
                assertEquals(c.size(), c.activations().cols());
            }
            assertTrue(Arrays.stream(seen).allMatch(x -> x == 1), g.label() + " " + Arrays.toString(seen));
            for (int i = 0; i < g.clusters().size(); i++) {
                for (int j = i + 1; j < g.clusters().size(); j++) {
                    assertFalse(g.clusters().get(i).rect().overlaps(g.clusters().get(j).rect(), 1e-6));
                }
            }
        }
        for (CnnVisModel.Link l : m.links()) {
            int rows = m.groups().get(l.from()).clusters().size();
            int cols = m.groups().get(l.to()).clusters().size();
            for (CnnVisModel.Bundle b : l.bundles()) {
                assertTrue(Arrays.stream(b.fromClusters()).allMatch(c -> c >= 0 && c < rows));
                assertTrue(Arrays.stream(b.toClusters()).allMatch(c -> c >= 0 && c < cols));
            }
        }
    }
}
