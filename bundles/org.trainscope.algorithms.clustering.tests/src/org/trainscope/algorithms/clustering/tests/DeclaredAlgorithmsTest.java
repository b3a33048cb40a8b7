package org.trainscope.algorithms.clustering.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.Biclustering;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.Reordering;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.math.FloatMatrix;

/** The contributions in plugin.xml: kinds, declared parameters and their checks, typed execution. */
class DeclaredAlgorithmsTest {
    private static final String PREFIX = "org.trainscope.algorithms.clustering.";
    private final AlgorithmManager manager = AlgorithmManager.getInstance();

    @Test
    void everyAlgorithmIsDeclaredWithItsKind() {
        assertEquals(List.of(PREFIX + "kMeans", PREFIX + "meanShift"), ids("clusterer"));
        assertEquals(List.of(PREFIX + "optimalLeafOrdering", PREFIX + "barycentric"), ids("reorderer"));
        assertEquals(List.of(PREFIX + "spectralCoclustering", PREFIX + "chengChurch"), ids("biclusterer"));
    }

    private List<String> ids(String kind) {
        return manager.algorithms(kind).stream().map(AlgorithmDescriptor::id).filter(id -> id.startsWith(PREFIX)).toList();
    }

    @Test
    void parametersAreCheckedAgainstTheirDeclarations() {
        AlgorithmDescriptor kMeans = manager.algorithm(PREFIX + "kMeans").orElseThrow();
        assertEquals("features=meanPerClass;k=0;kMax=12;maxIterations=100;restarts=10;seed=42",
                kMeans.parameters(Map.of()).canonical());
        assertThrows(IllegalArgumentException.class, () -> kMeans.parameters(Map.of("k", "-1")));
        assertThrows(IllegalArgumentException.class, () -> kMeans.parameters(Map.of("features", "median")));
        AlgorithmDescriptor meanShift = manager.algorithm(PREFIX + "meanShift").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> meanShift.parameters(Map.of("kernel", "epanechnikov")));
        assertThrows(IllegalArgumentException.class, () -> meanShift.parameters(Map.of("quantile", "0")));
        AlgorithmDescriptor cc = manager.algorithm(PREFIX + "chengChurch").orElseThrow();
        assertThrows(IllegalArgumentException.class, () -> cc.parameters(Map.of("alpha", "0.5")));
    }

    @Test
    void eachRunsThroughItsDescriptorAndCancels() {
        Planted.Blobs blobs = Planted.blobs(3, 10, 4, 8, 0.4, 1);
        // 30 units seen on 4 probe inputs: the blob coordinates as activations, classes 0, 1, 0, 1
        float[] values = new float[4 * 30];
        for (int p = 0; p < 4; p++) {
            for (int u = 0; u < 30; u++) {
                values[p * 30 + u] = blobs.points().get(u, p);
            }
        }
        NeuronActivations activations = new NeuronActivations(values, 4, 30, new int[] { 0, 1, 0, 1 });
        NullProgressMonitor go = new NullProgressMonitor();
        Clustering c = manager.algorithm(PREFIX + "kMeans").orElseThrow().execute(activations, Clustering.class,
                manager.algorithm(PREFIX + "kMeans").orElseThrow().parameters(Map.of("features", "fullActivation", "k", 3)),
                go).orElseThrow();
        assertEquals(1.0, org.trainscope.algorithms.clustering.ClusterAgreement.adjustedRandIndex(blobs.truth(),
                c.assignment()), 1e-12);
        for (String id : List.of("optimalLeafOrdering", "barycentric")) {
            AlgorithmDescriptor d = manager.algorithm(PREFIX + id).orElseThrow();
            Reordering r = d.execute(blobs.points(), Reordering.class, d.parameters(Map.of()), go).orElseThrow();
            assertEquals(30, r.rowOrder().length, id);
        }
        FloatMatrix weights = Planted.uniform(12, 9, 3);
        for (String id : List.of("spectralCoclustering", "chengChurch")) {
            AlgorithmDescriptor d = manager.algorithm(PREFIX + id).orElseThrow();
            Biclustering b = d.execute(weights, Biclustering.class, d.parameters(Map.of()), go).orElseThrow();
            assertEquals(12, b.rowCount(), id);
        }
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        for (AlgorithmDescriptor d : manager.algorithms().stream().filter(a -> a.id().startsWith(PREFIX)).toList()) {
            Object input = d.kind().equals("clusterer") ? activations : blobs.points();
            Class<?> result = switch (d.kind()) {
                case "clusterer" -> Clustering.class;
                case "reorderer" -> Reordering.class;
                default -> Biclustering.class;
            };
            assertThrows(OperationCanceledException.class, () -> d.execute(input, result, d.parameters(Map.of()), cancelled),
                    d.id());
        }
        assertTrue(manager.algorithms().stream().filter(a -> a.id().startsWith(PREFIX)).count() == 6);
    }
}
