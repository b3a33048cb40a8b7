package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.RectanglePacking;
import org.trainscope.algorithms.clustering.RectanglePacking.Node;
import org.trainscope.algorithms.clustering.RectanglePacking.PackedNode;

class RectanglePackingTest {
    private static final double EPS = 1e-9;
    private static final Rect BOX = new Rect(0, 0, 1200, 700);

    /** 6 layer groups of 3..12 clusters of 1..60 neurons each (weight 1): like a CNN's groups. */
    private static Node network(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Node> groups = new ArrayList<>();
        for (int g = 0; g < 6; g++) {
            List<Node> clusters = new ArrayList<>();
            int clusterCount = 3 + random.nextInt(10);
            for (int c = 0; c < clusterCount; c++) {
                List<Node> neurons = new ArrayList<>();
                int size = 1 + random.nextInt(60);
                for (int n = 0; n < size; n++) {
                    neurons.add(Node.leaf("g" + g + "c" + c + "n" + n, 1));
                }
                clusters.add(Node.of("g" + g + "c" + c, neurons));
            }
            groups.add(Node.of("g" + g, clusters));
        }
        return Node.of("network", groups);
    }

    @Test
    void noOverlapsEverythingInsideItsParentAndOrderKept() {
        for (double padding : new double[] { 0, 1.5 }) {
            PackedNode packed = new RectanglePacking(padding).pack(network(3), BOX, null);
            checkNode(packed, padding);
        }
    }

    private static void checkNode(PackedNode p, double padding) {
        Rect inner = p.rect().inset(padding);
        for (int i = 0; i < p.children().size(); i++) {
            PackedNode child = p.children().get(i);
            assertEquals(p.node().children().get(i), child.node(), "children keep their order");
            assertTrue(inner.contains(child.rect(), EPS), child.node().label() + " " + child.rect() + " outside " + inner);
            for (int j = i + 1; j < p.children().size(); j++) {
                assertTrue(!child.rect().overlaps(p.children().get(j).rect(), EPS),
                        child.node().label() + " overlaps " + p.children().get(j).node().label());
            }
            checkNode(child, padding);
        }
        if (!p.children().isEmpty()) {
            // areas proportional to weights within the parent's inner box
            double weight = p.node().weight();
            for (PackedNode child : p.children()) {
                assertEquals(child.node().weight() / weight * inner.area(), child.rect().area(),
                        1e-6 * inner.area());
            }
        }
    }

    /**
     * Without padding nothing is wasted. With padding p the waste is bounded by the padding
     * strips, sum over inner nodes of 2p(w + h), and for this network (6 groups, 53 clusters,
     * 1.5 px padding in a 1200 x 700 box) it stays below 12 %.
     */
    @Test
    void wastedAreaIsThePaddingAlone() {
        PackedNode tight = new RectanglePacking(0).pack(network(5), BOX, null);
        assertEquals(0, tight.wastedShare(), 1e-9);
        PackedNode padded = new RectanglePacking(1.5).pack(network(5), BOX, null);
        double bound = paddingStrips(padded, 1.5) / BOX.area();
        double wasted = padded.wastedShare();
        assertTrue(wasted > 0 && wasted <= bound + 1e-9, "wasted " + wasted + ", bound " + bound);
        assertTrue(wasted < 0.12, "wasted " + wasted);
    }

    private static double paddingStrips(PackedNode p, double padding) {
        if (p.children().isEmpty()) {
            return 0;
        }
        double own = 2 * padding * (p.rect().width() + p.rect().height());
        return own + p.children().stream().mapToDouble(c -> paddingStrips(c, padding)).sum();
    }

    /**
     * Cells stay close to square: equal neurons in a cluster get a mean aspect ratio below 2 and
     * far below slicing the cluster into strips (the treemap without the squarified rule).
     */
    @Test
    void cellsAreNearlySquare() {
        PackedNode packed = new RectanglePacking(0).pack(network(7), BOX, null);
        double sum = 0;
        double sliceSum = 0;
        int n = 0;
        for (PackedNode group : packed.children()) {
            for (PackedNode cluster : group.children()) {
                int size = cluster.children().size();
                Rect r = cluster.rect();
                Rect strip = r.width() >= r.height() ? new Rect(0, 0, r.width() / size, r.height())
                        : new Rect(0, 0, r.width(), r.height() / size);
                for (PackedNode neuron : cluster.children()) {
                    sum += neuron.rect().aspectRatio();
                    sliceSum += strip.aspectRatio();
                    n++;
                }
            }
        }
        double mean = sum / n;
        assertTrue(mean < 2.0, "mean aspect ratio " + mean);
        assertTrue(mean < sliceSum / n / 4, "squarified " + mean + " against strips " + sliceSum / n);
    }

    @Test
    void deterministicAndZeroWeightsGetEmptyCells() {
        RectanglePacking packing = new RectanglePacking(1);
        Node a = network(9);
        assertEquals(rects(packing.pack(a, BOX, null)), rects(packing.pack(network(9), BOX, null)));
        Node withZero = Node.of("c", List.of(Node.leaf("a", 2), Node.leaf("zero", 0), Node.leaf("b", 1)));
        PackedNode p = new RectanglePacking(0).pack(withZero, new Rect(0, 0, 30, 10), null);
        assertEquals(0, p.children().get(1).rect().area());
        assertEquals(200, p.children().get(0).rect().area(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Node.leaf("nan", Double.NaN));
    }

    private static List<Rect> rects(PackedNode p) {
        List<Rect> out = new ArrayList<>();
        out.add(p.rect());
        p.children().forEach(c -> out.addAll(rects(c)));
        return out;
    }

    @Test
    void cancellationStops() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> new RectanglePacking(1).pack(network(1), BOX, cancelled));
    }
}
