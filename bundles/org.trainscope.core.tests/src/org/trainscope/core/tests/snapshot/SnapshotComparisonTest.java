package org.trainscope.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.snapshot.AbnormalityScore;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.NodeDifference;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.RecordStats;
import org.trainscope.core.snapshot.SnapshotComparison;
import org.trainscope.core.snapshot.SnapshotGraphProvider;
import org.trainscope.core.snapshot.SnapshotRequest;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * Two runs compared in the Snapshot view ({@link SnapshotComparison}) on real runs recorded on
 * Fashion-MNIST: the failing and the fixed VAE (same seed and data, Adam 1e-2 without clipping
 * against 1e-3 with clipping), and the CNN against its wider and deeper variants.
 */
class SnapshotComparisonTest {
    /** 40 batches of 64: the unstable VAE's loss turns NaN at iteration 32 (as in SnapshotGraphProviderTest). */
    private static final DemoSize VAE = new DemoSize(2560, 640, 64, 16, 1);
    private static final DemoSize SMALL = new DemoSize(352, 100, 32, 8, 1);

    @TempDir
    static Path dir;

    private static final Map<String, TraceRun> RUNS = new LinkedHashMap<>();

    @BeforeAll
    static void record() throws Exception {
        for (DemoKind kind : List.of(DemoKind.VAE_UNSTABLE, DemoKind.VAE_FIXED, DemoKind.CNN, DemoKind.CNN_WIDE,
                DemoKind.CNN_DEEP)) {
            DemoSize size = kind.directoryName().startsWith("vae") ? VAE : SMALL;
            var result = DemoRuns.record(kind, dir, 42, size, DemoRuns.dataDirectory(), null);
            RUNS.put(kind.directoryName(), TraceRun.open(result.trace()));
        }
    }

    @AfterAll
    static void close() {
        RUNS.values().forEach(TraceRun::close);
    }

    private static SnapshotComparison compare(String first, String second, long iteration) {
        return new SnapshotGraphProvider().compare(SnapshotRequest.of(RUNS.get(first), iteration), RUNS.get(second),
                new NullProgressMonitor());
    }

    private static double largest(SnapshotComparison c) {
        return c.ranking().isEmpty() ? 0 : c.difference(c.ranking().get(0)).orElseThrow().score();
    }

    /**
     * Just before the unstable VAE fails, the node that differs most from the fixed VAE lies in the
     * layer group of the node the failing run itself ranks most abnormal (the latent head), by a
     * factor of 10 or more, and the largest
     * difference is far above the one at the first recorded iterations, where both runs start
     * from the same weights on the same batches. The log ratios are checked against the two
     * runs' own statistics at the matching iterations.
     */
    @Test
    void theFailingVaeDiffersFromTheFixedOneMostWhereItExplodes() {
        Run unstable = RUNS.get("vae-unstable");
        MetricSeries loss = unstable.metric("loss").orElseThrow();
        long failing = loss.firstNonFiniteIteration();
        assertTrue(failing > 0, "the unstable VAE must fail: loss " + Arrays.toString(loss.values()));
        SnapshotComparison before = compare("vae-unstable", "vae-fixed", failing - 1);
        SnapshotComparison early = compare("vae-unstable", "vae-fixed", 1);
        assertTrue(before.onlyInFirst().isEmpty() && before.onlyInSecond().isEmpty(),
                "same network: " + before.onlyInFirst() + " " + before.onlyInSecond());
        assertEquals(before.first().nodes().size(), before.differences().size());
        String top = before.ranking().get(0);
        NodeDifference d = before.difference(top).orElseThrow();
        List<String> abnormal = before.first().ranking().subList(0, 3);
        System.out.printf("vae-unstable vs vae-fixed at %d: differences %s; top %s; unstable's own ranking %s;"
                + " at 1 the largest is %.3g%n", failing - 1, before.ranking().subList(0, 5).stream()
                        .map(id -> id + String.format(" %.2f", before.difference(id).orElseThrow().score())).toList(),
                d, abnormal, largest(early));
        // the failing run's most abnormal node's layer group (the VAE's latent head: mu, logvar and their parameters)
        String failingGroup = before.first().groupOf(abnormal.get(0));
        assertTrue(!failingGroup.isEmpty() && failingGroup.equals(before.first().groupOf(top)), top + " (group "
                + before.first().groupOf(top) + ") differs most; the failing run's most abnormal node is "
                + abnormal.get(0) + " in group " + failingGroup);
        assertTrue(d.score() >= 1, "at least a factor of 10 between the runs at " + top + ": " + d.reason());
        assertTrue(d.score() > 3 * largest(early), d.score() + " just before the failure, " + largest(early)
                + " at iteration 1");

        // the ratios are the runs' own statistics at the matching records
        NodeFlow a = before.first().node(top).orElseThrow();
        NodeFlow b = before.second().node(top).orElseThrow();
        FlowSeries sa = a.series().stream().filter(s -> s.tensorId().equals(d.tensorId())).findFirst().orElseThrow();
        FlowSeries sb = b.series().stream().filter(s -> s.tensorId().equals(d.otherTensorId())).findFirst()
                .orElseThrow();
        long[] its = d.iterations();
        assertTrue(its.length >= 3, "matching iterations " + Arrays.toString(its));
        boolean matchedEarlier = false;
        for (int k = 0; k < its.length; k++) {
            RecordStats x = stats(sa, its[k]);
            RecordStats y = stats(sb, d.otherIterations()[k]);
            // the failing VAE records densely around its anomalies, the fixed one does not: the match is
            // the fixed run's record at the same iteration or its nearest one before
            long expected = -1;
            for (int i = 0; i < sb.size() && sb.iteration(i) <= its[k]; i++) {
                expected = sb.iteration(i);
            }
            assertEquals(expected, d.otherIterations()[k], "the match of iteration " + its[k]);
            matchedEarlier |= d.otherIterations()[k] < its[k];
            if (x.meanAbs() > 0 && y.meanAbs() > 0 && Double.isFinite(x.meanAbs()) && Double.isFinite(y.meanAbs())) {
                assertEquals(Math.log10(x.meanAbs() / y.meanAbs()), d.logMeanAbsRatio()[k], 1e-9);
            }
        }

        System.out.println("matching iterations " + Arrays.toString(its) + " -> " + Arrays.toString(d.otherIterations()));
        assertTrue(matchedEarlier, "the runs record at different iterations, so some match an earlier record");

        // after the failure, NaN/Inf in the unstable run only rank above any finite difference
        long last = Arrays.stream(unstable.metric("loss").orElseThrow().iterations()).max().orElseThrow();
        SnapshotComparison after = compare("vae-unstable", "vae-fixed", last);
        NodeDifference worst = after.difference(after.ranking().get(0)).orElseThrow();
        assertTrue(worst.score() >= AbnormalityScore.NON_FINITE && worst.reason().contains("this run"),
                worst.toString());
    }

    private static RecordStats stats(FlowSeries s, long iteration) {
        for (int i = 0; i < s.size(); i++) {
            if (s.iteration(i) == iteration) {
                return s.stats().get(i);
            }
        }
        throw new AssertionError(s.tensorId() + " has no record at " + iteration);
    }

    /**
     * The CNN and its wider variant share every node id (the layers are named alike, their widths
     * differ): all are compared; the deeper variant has a third convolution block, which is listed
     * as only in it, and only the shared nodes are compared.
     */
    @Test
    void variantsOfTheCnnAreComparedOnTheirSharedNodes() {
        long last = 10;
        SnapshotComparison wide = compare("cnn", "cnn-wide", last);
        Set<String> cnn = ids(RUNS.get("cnn"));
        Set<String> cnnWide = ids(RUNS.get("cnn-wide"));
        Set<String> cnnDeep = ids(RUNS.get("cnn-deep"));
        Set<String> shared = new HashSet<>(cnn);
        shared.retainAll(cnnWide);
        assertEquals(shared, wide.differences().stream().map(NodeDifference::nodeId).collect(Collectors.toSet()));
        assertFalse(wide.ranking().isEmpty());
        assertTrue(wide.ranking().stream().allMatch(id -> Double.isFinite(wide.difference(id).orElseThrow().score())));

        SnapshotComparison deep = compare("cnn", "cnn-deep", last);
        Set<String> onlyDeep = new HashSet<>(cnnDeep);
        onlyDeep.removeAll(cnn);
        Set<String> onlyCnn = new HashSet<>(cnn);
        onlyCnn.removeAll(cnnDeep);
        System.out.println("cnn vs cnn-deep: only in cnn " + deep.onlyInFirst() + ", only in cnn-deep "
                + deep.onlyInSecond() + "; cnn vs cnn-wide ranking " + wide.ranking());
        assertFalse(onlyDeep.isEmpty(), "the deeper CNN has more nodes: " + cnnDeep);
        assertEquals(onlyDeep, Set.copyOf(deep.onlyInSecond()));
        assertEquals(onlyCnn, Set.copyOf(deep.onlyInFirst()));
        Set<String> compared = deep.differences().stream().map(NodeDifference::nodeId).collect(Collectors.toSet());
        Set<String> both = new HashSet<>(cnn);
        both.retainAll(cnnDeep);
        assertEquals(both, compared);
        assertTrue(deep.differences().stream().filter(NodeDifference::compared).count() > 0);
    }

    private static Set<String> ids(Run run) {
        return run.graph().nodes().stream().map(Node::id).collect(Collectors.toSet());
    }
}
