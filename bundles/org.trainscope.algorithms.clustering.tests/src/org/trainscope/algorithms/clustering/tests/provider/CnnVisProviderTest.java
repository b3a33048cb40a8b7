package org.trainscope.algorithms.clustering.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisProvider;
import org.trainscope.algorithms.clustering.provider.CnnVisRequest;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.algorithms.clustering.provider.LayerGroups;
import org.trainscope.core.model.Run;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * The CNNVis provider on real runs: the five CNN demo runs recorded small from real Fashion-MNIST
 * (1,280 training images: 20 iterations, so weights are recorded twice and the relative change
 * exists) and the PyTorch-recorded CNN (recorders/python/tests/make_workbench_runs.py). Checks
 * the structure the view relies on.
 */
class CnnVisProviderTest {
    private static final List<DemoKind> CNNS = List.of(DemoKind.CNN, DemoKind.CNN_SHALLOW, DemoKind.CNN_DEEP,
            DemoKind.CNN_NARROW, DemoKind.CNN_WIDE);
    @TempDir
    static Path directory;
    private static final Map<String, Run> RUNS = new LinkedHashMap<>();

    @BeforeAll
    static void record() throws IOException, InterruptedException {
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        Path py = directory.resolve("pytorch");
        Path log = directory.resolve("pytorch.log");
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), py.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        for (DemoKind kind : CNNS) {
            DemoResult demo = DemoRuns.record(kind, directory.resolve("dl4j"), 42, new DemoSize(1280, 64, 64, 20, 1),
                    DemoRuns.dataDirectory(), null);
            RUNS.put("dl4j-" + kind.directoryName(), TraceRun.open(demo.trace()));
        }
        assertTrue(p.waitFor(900, TimeUnit.SECONDS), "the PyTorch script timed out");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy is required:\n"
                + Files.readString(log, StandardCharsets.UTF_8));
        RUNS.put("pytorch-cnn", TraceRun.open(py.resolve("cnn")));
        gan = TraceRun.open(py.resolve("gan"));
        vae = TraceRun.open(py.resolve("vae"));
    }

    private static Run gan;
    private static Run vae;

    /**
     * A branching network: the PyTorch VAE's mu and logvar heads both read the encoder and both feed
     * the decoder (through the sampling node). The groups form a DAG, not a chain: ELK puts the two
     * heads in one column between the encoder and the decoder, and each head's bundles reach the
     * decoder.
     */
    @Test
    void theVaesTwoLatentHeadsArePlacedSideBySideByTheGroupLayout() throws IOException {
        LayerGroups groups = LayerGroups.of(vae);
        List<String> ids = groups.groups().stream().map(LayerGroups.Spec::id).toList();
        int mu = indexOfId(ids, "mu");
        int logvar = indexOfId(ids, "logvar");
        List<String> edges = groups.edges().stream().map(e -> e[0] + "->" + e[1]).toList();
        System.out.println("pytorch-vae groups " + ids + " edges " + edges);
        int encoder = groups.edges().stream().filter(e -> e[1] == mu).findFirst().orElseThrow()[0];
        int decoder = groups.edges().stream().filter(e -> e[0] == mu).findFirst().orElseThrow()[1];
        assertTrue(edges.contains(encoder + "->" + logvar), edges.toString());
        assertTrue(edges.contains(logvar + "->" + decoder), edges.toString());
        assertFalse(edges.contains(mu + "->" + logvar) || edges.contains(logvar + "->" + mu), edges.toString());

        CnnVisModel model = compute(CnnVisRequest.of(vae, 1200, 700));
        Rect m = model.groups().get(mu).box();
        Rect l = model.groups().get(logvar).box();
        assertEquals(m.x(), l.x(), 1e-9, "one column");
        assertFalse(m.overlaps(l, 0));
        assertTrue(m.x() > model.groups().get(encoder).box().right());
        assertTrue(model.groups().get(decoder).box().x() > m.right());
        for (int head : List.of(mu, logvar)) {
            CnnVisModel.Link link = model.links().stream().filter(k -> k.from() == head && k.to() == decoder)
                    .findFirst().orElseThrow();
            assertTrue(link.problem().isEmpty(), link.problem().toString());
            assertFalse(link.bundles().isEmpty());
        }
        for (CnnVisModel.Group g : model.groups()) {
            assertEveryNeuronInExactlyOneCluster("vae", g);
        }
    }

    private static int indexOfId(List<String> ids, String tail) {
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i).endsWith(tail)) {
                return i;
            }
        }
        throw new AssertionError("no group " + tail + " in " + ids);
    }

    /**
     * Not a CNN, but the provider must not stop at it: the PyTorch GAN's generator unflattens its
     * dense output into 32 channels before a transposed convolution, so that group's neurons are
     * the 32 channels and its bundles connect; its probe inputs are noise without labels.
     */
    @Test
    void theGansGeneratorGroupIsReadThroughItsUnflatten() throws IOException {
        CnnVisModel model = compute(CnnVisRequest.of(gan, 1200, 700));
        System.out.println("pytorch-gan: " + summary(model) + " " + model.warnings());
        assertTrue(model.warnings().stream().anyMatch(w -> w.contains("no class labels")), model.warnings().toString());
        CnnVisModel.Group first = model.groups().get(0);
        assertEquals(32, first.neuronCount(), first.label());
        assertTrue(model.links().get(0).problem().isEmpty(), model.links().get(0).problem().toString());
        assertFalse(model.links().get(0).bundles().isEmpty());
        for (CnnVisModel.Group g : model.groups()) {
            assertEveryNeuronInExactlyOneCluster("gan", g);
        }
    }

    @AfterAll
    static void close() throws Exception {
        for (Run r : RUNS.values()) {
            r.close();
        }
        if (gan != null) {
            gan.close();
        }
        if (vae != null) {
            vae.close();
        }
    }

    private static CnnVisModel compute(CnnVisRequest request) throws IOException {
        return new CnnVisProvider().compute(request, new NullProgressMonitor());
    }

    /**
     * "Layers aggregated" unchecked: the convolution, its activation and its pooling are columns of
     * their own on the DL4J demo CNNs (DL4J records the pooling layer's output) and the PyTorch CNN
     * (its ReLU and pooling modules are recorded). Every group's clusters still partition its
     * neurons, bundles reach only groups with weights, a link into a layer without weights says so
     * (one to one when the neurons are the same), and only groups with weights have debugging facts.
     */
    @Test
    void unaggregatedLayersGiveMoreGroupsEachPartitionedAndLinkedConsistently() throws IOException {
        for (Map.Entry<String, Run> e : RUNS.entrySet()) {
            String name = e.getKey();
            CnnVisModel aggregated = compute(CnnVisRequest.of(e.getValue(), 1400, 700));
            CnnVisModel model = compute(CnnVisRequest.of(e.getValue(), 1400, 700).withAggregateLayers(false));
            System.out.println(name + " unaggregated: " + model.groups().stream().map(CnnVisModel.Group::label).toList()
                    + " " + model.warnings() + " vs " + aggregated.groups().size() + " aggregated");
            assertTrue(model.groups().size() > aggregated.groups().size(), name + ": " + model.groups().size()
                    + " groups unaggregated, " + aggregated.groups().size() + " aggregated");
            assertEquals(LayerGroups.of(e.getValue(), false).groups().size(), model.groups().size(), name);
            // no layer with weights is lost or cut off its neurons: the same weighted groups, with their facts
            assertEquals(aggregated.groups().stream().filter(g -> g.facts().hasWeights()).map(CnnVisModel.Group::id).toList(),
                    model.groups().stream().filter(g -> g.facts().hasWeights()).map(CnnVisModel.Group::id).toList(), name);
            assertTrue(model.warnings().stream().noneMatch(w -> w.contains("not recorded")), name + ": " + model.warnings());
            int oneToOne = 0;
            for (CnnVisModel.Group g : model.groups()) {
                assertEveryNeuronInExactlyOneCluster(name, g);
                assertFalse(g.label().contains(" + maxpool"), name + ": pooling is a column of its own, not in " + g.label());
                assertTrue(model.purity(g) != null, name + " " + g.label());
            }
            for (CnnVisModel.Link l : model.links()) {
                CnnVisModel.Group from = model.groups().get(l.from());
                CnnVisModel.Group to = model.groups().get(l.to());
                assertTrue(l.from() < l.to(), name);
                if (!to.facts().hasWeights()) {
                    assertTrue(l.bundles().isEmpty(), name + ": no bundles into " + to.label());
                    assertTrue(l.problem().orElseThrow().startsWith("no weights between " + from.label()), name);
                    // on these runs every layer without weights (activation, pooling) keeps its input's neurons
                    assertTrue(l.oneToOne(), name + " " + from.label() + " -> " + to.label() + ": " + l.problem());
                    assertEquals(from.neuronCount(), to.neuronCount(), name + " " + to.label());
                    oneToOne += l.oneToOne() ? 1 : 0;
                    assertTrue(Double.isNaN(to.facts().meanAbsGradient()), name);
                } else {
                    assertTrue(l.problem().isEmpty(), name + ": " + l.problem());
                    assertFalse(l.bundles().isEmpty(), name + " " + from.label() + " -> " + to.label());
                    for (CnnVisModel.Bundle b : l.bundles()) {
                        assertTrue(Arrays.stream(b.fromClusters()).allMatch(c -> c >= 0 && c < from.clusters().size()), name);
                        assertTrue(Arrays.stream(b.toClusters()).allMatch(c -> c >= 0 && c < to.clusters().size()), name);
                    }
                    assertTrue(Double.isFinite(to.facts().meanAbsGradient()), name + " " + to.label() + ": " + to.facts());
                }
            }
            assertTrue(oneToOne > 0, name + ": a pooling or activation keeps its input's channels");
        }
    }

    @Test
    void everyCnnGivesGroupsClustersAndBundlesWithAConsistentStructure() throws IOException {
        for (Map.Entry<String, Run> e : RUNS.entrySet()) {
            CnnVisModel model = compute(CnnVisRequest.of(e.getValue(), 1200, 700));
            String name = e.getKey();
            int expectedGroups = LayerGroups.of(e.getValue()).groups().size();
            assertTrue(model.groups().size() >= 2, name + ": " + model.groups());
            assertEquals(expectedGroups, model.groups().size(), name);
            assertEquals(model.groups().size() - 1, model.links().size(), name);
            System.out.println(name + ": " + summary(model));
            for (CnnVisModel.Group g : model.groups()) {
                assertEveryNeuronInExactlyOneCluster(name, g);
                for (CnnVisModel.Cluster c : g.clusters()) {
                    assertTrue(g.box().contains(c.rect(), 1e-6), name + " " + g.label() + ": " + c.rect() + " outside " + g.box());
                    assertEquals(c.size(), c.activations().cols());
                    assertEquals(c.activations().rows(), c.probeOrder().length);
                    assertTrue(c.topProbes().length > 0);
                }
                for (int i = 0; i < g.clusters().size(); i++) {
                    for (int j = i + 1; j < g.clusters().size(); j++) {
                        assertFalse(g.clusters().get(i).rect().overlaps(g.clusters().get(j).rect(), 1e-6), name);
                    }
                }
                assertTrue(g.box().x() >= 0 && g.box().right() <= model.width() + 1e-6, name);
            }
            for (int i = 1; i < model.groups().size(); i++) {
                assertTrue(model.groups().get(i).box().x() > model.groups().get(i - 1).box().right(),
                        name + ": groups left to right in data-flow order");
            }
            int bundles = 0;
            for (CnnVisModel.Link l : model.links()) {
                assertEquals(l.from() + 1, l.to(), name + ": bundles connect adjacent groups only");
                assertTrue(l.problem().isEmpty(), name + ": " + l.problem());
                int fromClusters = model.groups().get(l.from()).clusters().size();
                int toClusters = model.groups().get(l.to()).clusters().size();
                for (CnnVisModel.Bundle b : l.bundles()) {
                    assertTrue(b.fromClusters().length > 0 && b.toClusters().length > 0, name);
                    assertTrue(Arrays.stream(b.fromClusters()).allMatch(c -> c >= 0 && c < fromClusters), name);
                    assertTrue(Arrays.stream(b.toClusters()).allMatch(c -> c >= 0 && c < toClusters), name);
                    assertTrue(Double.isFinite(b.value(EdgeEncoding.WEIGHT)), name + " " + b);
                    assertTrue(b.meanAbsWeight() >= Math.abs(b.value(EdgeEncoding.WEIGHT)) - 1e-9, name);
                }
                bundles += l.bundles().size();
            }
            assertTrue(bundles >= model.links().size(), name + ": at least one bundle per link");
            for (EdgeEncoding enc : EdgeEncoding.values()) {
                assertLegendSpansTheDrawnValues(name, model, enc);
            }
            assertTrue(model.legend().startsWith("weights of edges "), model.legend());
            for (CnnVisModel.Group g : model.groups()) {
                CnnVisModel.LayerFacts f = g.facts();
                assertTrue(f.meanAbsGradient() > 0 && Double.isFinite(f.meanAbsGradient()), name + " " + g.label() + " " + f);
                assertTrue(f.relativeChange() > 0 && Double.isFinite(f.relativeChange()), name + " " + g.label() + " " + f);
                assertEquals(0, f.nonFiniteGradients() + f.nonFiniteWeights(), name);
            }
        }
    }

    @Test
    void convolutionGroupsAggregateActivationAndPoolingAndClusterChannels() throws IOException {
        CnnVisModel model = compute(CnnVisRequest.of(RUNS.get("dl4j-cnn"), 1200, 700));
        // conv16-pool-conv32-pool-dense64-softmax: four groups, the output layer the last
        assertEquals(4, model.groups().size(), model.groups().stream().map(CnnVisModel.Group::label).toList().toString());
        assertEquals(16, model.groups().get(0).neuronCount());
        assertEquals(32, model.groups().get(1).neuronCount());
        assertEquals(64, model.groups().get(2).neuronCount());
        assertEquals(10, model.groups().get(3).neuronCount());
        assertTrue(model.groups().get(0).label().contains("maxpool"), model.groups().get(0).label());
        assertTrue(model.groups().get(0).unitsPerNeuron() > 1, "a channel's positions");
        CnnVisModel.Group g = model.groups().get(0);
        CnnVisModel.Cluster c = g.clusters().get(0);
        int[] units = g.units(c);
        assertEquals(c.size() * g.unitsPerNeuron(), units.length);
        assertEquals(c.members()[0] * g.unitsPerNeuron(), units[0]);
    }

    @Test
    void everyClustererBiclustererAndReordererRunsAndAGivenKIsKept() throws IOException {
        Run run = RUNS.get("pytorch-cnn");
        CnnVisRequest base = CnnVisRequest.of(run, 1000, 600);
        CnnVisModel four = compute(base.withClusterer(CnnVisRequest.K_MEANS, Map.of("k", "4")));
        for (CnnVisModel.Group g : four.groups()) {
            assertEquals(Math.min(4, g.neuronCount()), g.clusters().size(), g.label());
        }
        CnnVisModel other = compute(base.withClusterer(CnnVisRequest.MEAN_SHIFT, Map.of())
                .withBiclusterer(CnnVisRequest.CHENG_CHURCH, Map.of()).withReorderer(CnnVisRequest.BARYCENTRIC)
                .withEncoding(EdgeEncoding.GRADIENT));
        for (CnnVisModel.Group g : other.groups()) {
            assertEveryNeuronInExactlyOneCluster("mean shift", g);
        }
        assertTrue(other.legend().startsWith("gradients of edges"), other.legend());
        for (EdgeEncoding enc : EdgeEncoding.values()) {
            assertLegendSpansTheDrawnValues("cheng-church", other, enc);
        }
    }

    @Test
    void aCancelledMonitorStopsTheComputation() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class,
                () -> new CnnVisProvider().compute(CnnVisRequest.of(RUNS.get("dl4j-cnn-deep"), 800, 500), cancelled));
    }

    @Test
    void theFirstWeightRecordHasNoRelativeChangeAndSaysSo() throws IOException {
        Run run = RUNS.get("dl4j-cnn");
        long first = run.tensors().stream().filter(t -> t.kind() == org.trainscope.core.model.TensorKind.WEIGHT)
                .findFirst().orElseThrow().iterations()[0];
        CnnVisModel model = compute(CnnVisRequest.of(run, 900, 500).withIteration(first));
        for (CnnVisModel.Group g : model.groups()) {
            assertTrue(Double.isNaN(g.facts().relativeChange()), g.facts().toString());
            assertTrue(g.facts().note().contains("no earlier weights"), g.facts().note());
        }
        assertTrue(model.ranges().get(EdgeEncoding.RELATIVE_CHANGE).isEmpty());
        assertEquals("relative change of weights: not recorded",
                model.ranges().get(EdgeEncoding.RELATIVE_CHANGE).legend(EdgeEncoding.RELATIVE_CHANGE));
    }

    private static void assertEveryNeuronInExactlyOneCluster(String name, CnnVisModel.Group g) {
        int[] seen = new int[g.neuronCount()];
        for (CnnVisModel.Cluster c : g.clusters()) {
            assertTrue(c.size() > 0, name + " " + g.label() + ": empty cluster");
            for (int m : c.members()) {
                seen[m]++;
            }
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(1, seen[i], name + " " + g.label() + ": neuron " + i);
        }
    }

    private static void assertLegendSpansTheDrawnValues(String name, CnnVisModel model, EdgeEncoding enc) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (CnnVisModel.Link l : model.links()) {
            for (CnnVisModel.Bundle b : l.bundles()) {
                if (Double.isFinite(b.value(enc))) {
                    min = Math.min(min, b.value(enc));
                    max = Math.max(max, b.value(enc));
                }
            }
        }
        CnnVisModel.Range r = model.ranges().get(enc);
        if (min > max) {
            assertTrue(r.isEmpty(), name + " " + enc);
        } else {
            assertEquals(min, r.min(), 0, name + " " + enc);
            assertEquals(max, r.max(), 0, name + " " + enc);
            assertTrue(r.min() <= r.max());
        }
    }

    private static String summary(CnnVisModel m) {
        StringBuilder s = new StringBuilder();
        for (CnnVisModel.Group g : m.groups()) {
            s.append(g.label()).append(" [").append(g.neuronCount()).append(" in ").append(g.clusters().size())
                    .append(" clusters, |grad| ").append(String.format("%.3g", g.facts().meanAbsGradient()))
                    .append(", rel. change ").append(String.format("%.3g", g.facts().relativeChange())).append("] ");
        }
        for (CnnVisModel.Link l : m.links()) {
            s.append("; ").append(l.from()).append("->").append(l.to()).append(": ").append(l.bundles().size())
                    .append(" bundles");
        }
        return s.append("; ").append(m.legend()).toString();
    }
}
