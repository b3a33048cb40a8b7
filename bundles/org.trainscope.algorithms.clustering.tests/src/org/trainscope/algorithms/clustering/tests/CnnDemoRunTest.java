package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.clustering.Biclustering;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.KMeans;
import org.trainscope.algorithms.clustering.LeafOrderReorderer;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.algorithms.clustering.Reordering;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * The algorithms on a real run: the {@code cnn} demo recorded small from real Fashion-MNIST
 * (640 training images, one epoch, 50 probe images, 5 of each class), opened as the workbench opens
 * it. The deepest convolution's channels (its activation after the ReLU, before pooling) are clustered by their mean activation per class (the
 * channel's activation on an image is its mean over positions), through the declared
 * contributions as the view and the CLI will call them.
 */
class CnnDemoRunTest {
    @TempDir
    static Path directory;
    private static TraceRun run;
    private static NeuronActivations channels;
    private static TensorSeries conv;

    @BeforeAll
    static void record() throws IOException {
        DemoResult demo = DemoRuns.record(DemoKind.CNN, directory, 42, new DemoSize(640, 50, 64, 50, 1),
                DemoRuns.dataDirectory(), null);
        run = TraceRun.open(demo.trace());
        conv = run.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .filter(t -> t.id().startsWith("conv2d") && NeuronLayout.of(run, t).isSpatial())
                .max(Comparator.comparingInt((TensorSeries t) -> NeuronLayout.of(run, t).channelCount())
                        .thenComparing(TensorSeries::id))
                .orElseThrow();
        NeuronLayout layout = NeuronLayout.of(run, conv);
        float[] record = new float[conv.neuronCount()];
        conv.readSnapshot(conv.iterationCount() - 1, record);
        channels = NeuronActivations.of(layout, record, run.probeLabels()).perChannel(layout.channelCount());
    }

    @AfterAll
    static void close() throws IOException {
        if (run != null) {
            run.close();
        }
    }

    @Test
    void theDeepestConvolutionHas32ChannelsAndTenClasses() {
        assertEquals(32, channels.unitCount(), conv.id());
        assertEquals(50, channels.probeCount());
        assertEquals(10, channels.classes().length);
    }

    @Test
    void channelsClusteredByMeanActivationPerClassThroughTheDeclaredKMeans() {
        AlgorithmDescriptor kMeans = AlgorithmManager.getInstance()
                .algorithm("org.trainscope.algorithms.clustering.kMeans").orElseThrow();
        Clustering declared = kMeans.execute(channels, Clustering.class, kMeans.parameters(Map.of("kMax", "8")),
                new NullProgressMonitor()).orElseThrow();
        FloatMatrix features = NeuronFeatures.meanPerClass(channels);
        Clustering direct = new KMeans(10, 100).suggest(features, 8, 42, null);
        assertEquals(direct, declared, "the contribution runs the plain class with the declared defaults");

        int k = declared.finiteClusterCount();
        assertTrue(k >= 2 && k <= 8, declared.toString());
        assertEquals(0, declared.nonFiniteRows().length, "the cnn trains without NaN");
        double best = declared.scoreByK().values().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertEquals(best, declared.scoreByK().get(k), 0, "k of the best silhouette: " + declared.scoreByK());
        assertTrue(best > 0, "clusters separate better than chance: " + declared.scoreByK());
        System.out.println(conv.id() + " channels: " + declared + ", silhouette by k " + declared.scoreByK());
        double oneCluster = new KMeans(1, 100).cluster(features, 1, 42, null).cost();
        assertTrue(declared.cost() < oneCluster, declared.cost() + " against " + oneCluster);
        assertEquals(declared, kMeans.execute(channels, Clustering.class, kMeans.parameters(Map.of("kMax", "8")),
                new NullProgressMonitor()).orElseThrow(), "deterministic");
    }

    @Test
    void meanShiftAndFullActivationFeaturesRunOnTheSameChannels() {
        AlgorithmDescriptor meanShift = AlgorithmManager.getInstance()
                .algorithm("org.trainscope.algorithms.clustering.meanShift").orElseThrow();
        for (String features : List.of("meanPerClass", "fullActivation")) {
            Clustering c = meanShift.execute(channels, Clustering.class,
                    meanShift.parameters(Map.of("features", features)), new NullProgressMonitor()).orElseThrow();
            assertEquals(32, c.assignment().length);
            assertTrue(c.finiteClusterCount() >= 1 && c.finiteClusterCount() <= 32, c.toString());
            assertEquals(32, Arrays.stream(c.sizes()).sum());
        }
    }

    /** The activation facet (probe inputs x channels) ordered optimally is cheaper than as recorded. */
    @Test
    void optimalLeafOrderingLowersTheActivationFacetsCost() {
        FloatMatrix facet = new FloatMatrix(channels.probeCount(), channels.unitCount(), channels.values());
        Reordering r = new LeafOrderReorderer().reorder(facet, null);
        double identityRows = Reordering.adjacentDistanceSum(facet, java.util.stream.IntStream.range(0, 50).toArray());
        assertTrue(r.rowCost() < identityRows, r + " against " + identityRows);
    }

    /**
     * The weights between the two convolutions, |w| summed over each kernel (out x in channels),
     * biclustered by the declared spectral co-clustering: every bicluster is non-empty on both
     * sides, and together they cover every channel once.
     */
    @Test
    void convolutionWeightsBiclusterIntoBundles() throws IOException {
        TensorSeries w = run.tensors().stream().filter(t -> t.kind() == TensorKind.WEIGHT && t.shape().length == 4)
                .filter(t -> t.shape()[0] == 32).findFirst().orElseThrow();
        int[] s = w.shape();
        float[] values = new float[w.neuronCount()];
        w.readSnapshot(w.iterationCount() - 1, values);
        int kernel = s[2] * s[3];
        float[] summed = new float[s[0] * s[1]];
        for (int i = 0; i < values.length; i++) {
            summed[i / kernel] += Math.abs(values[i]);
        }
        AlgorithmDescriptor spectral = AlgorithmManager.getInstance()
                .algorithm("org.trainscope.algorithms.clustering.spectralCoclustering").orElseThrow();
        Biclustering b = spectral.execute(new FloatMatrix(s[0], s[1], summed), Biclustering.class,
                spectral.parameters(Map.of("k", "4")), new NullProgressMonitor()).orElseThrow();
        assertTrue(b.biclusters().size() >= 2, b.toString());
        assertEquals(s[0], b.biclusters().stream().mapToInt(c -> c.rows().length).sum() + b.unassignedRows().length);
        assertEquals(s[1], b.biclusters().stream().mapToInt(c -> c.columns().length).sum());
    }
}
