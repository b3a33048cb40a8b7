package org.trainscope.core.tests.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.snapshot.AbnormalityScore;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.FlowStatistics;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.RecordStats;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.trainscope.core.snapshot.SnapshotGraphProvider;
import org.trainscope.core.snapshot.SnapshotRequest;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * The Snapshot view's provider on real runs: every DL4J demo kind recorded small on real
 * Fashion-MNIST (the unstable VAE large enough to fail) and the PyTorch recorder's CNN, VAE and GAN
 * (recorders/python/tests/make_workbench_runs.py with /usr/bin/python3; fails, never skips,
 * without torch).
 */
class SnapshotGraphProviderTest {
    /** 11 iterations of 32 images: tensors recorded at iterations 0 and 10 (denser where the recorder chooses). */
    private static final DemoSize SMALL = new DemoSize(352, 100, 32, 8, 1);
    /** 40 batches of 64: the unstable VAE's loss turns NaN at iteration 32 (RealRuns in the UI tests). */
    private static final DemoSize FAILING_VAE = new DemoSize(2560, 640, 64, 16, 1);

    @TempDir
    static Path dir;

    private static final Map<String, TraceRun> RUNS = new LinkedHashMap<>();

    @BeforeAll
    static void record() throws Exception {
        Path demos = dir.resolve("demo");
        for (DemoKind kind : DemoKind.values()) {
            DemoSize size = kind == DemoKind.VAE_UNSTABLE ? FAILING_VAE : SMALL;
            var result = DemoRuns.record(kind, demos, 42, size, DemoRuns.dataDirectory(), null);
            RUNS.put(kind.directoryName(), TraceRun.open(result.trace()));
        }
        Path py = dir.resolve("pytorch");
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "PyTorch recorder script missing: " + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), py.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy is required:\n" + log);
        for (String name : List.of("cnn", "vae", "gan")) {
            RUNS.put("pytorch-" + name, TraceRun.open(py.resolve(name)));
        }
    }

    @AfterAll
    static void close() {
        RUNS.values().forEach(TraceRun::close);
    }

    private static long lastIteration(Run run) {
        return run.tensors().stream().mapToLong(t -> t.iterationCount() == 0 ? -1 : t.iterations()[t.iterationCount() - 1])
                .max().orElse(0);
    }

    /** Every node of every run is in the model with finite, sorted statistics and a finite score. */
    @Test
    void everyRunHasEveryNodeWithFiniteScores() {
        assertEquals(DemoKind.values().length + 3, RUNS.size());
        List<String> failures = new ArrayList<>();
        SnapshotGraphProvider provider = new SnapshotGraphProvider();
        RUNS.forEach((name, run) -> {
            long last = lastIteration(run);
            for (long it : new long[] { last / 2, last }) {
                SnapshotGraphModel m = provider.compute(SnapshotRequest.of(run, it), new NullProgressMonitor());
                Set<String> graphIds = run.graph().nodes().stream().map(Node::id).collect(Collectors.toSet());
                Set<String> modelIds = m.nodes().stream().map(NodeFlow::id).collect(Collectors.toSet());
                check(failures, name, graphIds.equals(modelIds) && m.nodes().size() == graphIds.size(),
                        "nodes " + modelIds + " vs graph " + graphIds);
                check(failures, name, m.warnings().isEmpty(), "warnings " + m.warnings());
                check(failures, name, m.fromIteration() <= it && it <= m.toIteration(),
                        "window " + m.fromIteration() + ".." + m.toIteration() + " around " + it);
                check(failures, name, m.groups().equals(run.graph().layerGroups()), "groups " + m.groups().keySet());
                int charted = 0;
                for (NodeFlow n : m.nodes()) {
                    check(failures, name, Double.isFinite(n.abnormality().score()) && n.abnormality().score() >= 0,
                            n.id() + " scores " + n.abnormality());
                    for (FlowSeries s : n.series()) {
                        charted += s.size();
                        for (int i = 0; i < s.size(); i++) {
                            long si = s.iteration(i);
                            RecordStats r = s.stats().get(i);
                            check(failures, name, si >= m.fromIteration() && si <= m.toIteration(), s.tensorId()
                                    + " record at " + si + " outside the window");
                            if (r.finiteCount() > 0) {
                                check(failures, name, r.q05() <= r.q95() && Double.isFinite(r.mean())
                                        && r.meanAbs() >= 0, s.tensorId() + " at " + si + ": " + r);
                            }
                        }
                    }
                    check(failures, name, n.rank() > 0 == n.series().stream().anyMatch(s -> s.current() >= 0),
                            n.id() + " rank " + n.rank());
                }
                check(failures, name, charted > 0, "nothing charted at " + it);
                check(failures, name, m.ranking().size() == m.nodes().stream().filter(n -> n.rank() > 0).count(),
                        "ranking " + m.ranking());
                for (int i = 1; i < m.ranking().size(); i++) {
                    double before = m.node(m.ranking().get(i - 1)).orElseThrow().abnormality().score();
                    double after = m.node(m.ranking().get(i)).orElseThrow().abnormality().score();
                    check(failures, name, before >= after, "ranking not by score at " + i);
                }
                boolean gradients = run.tensors().stream().anyMatch(t -> t.kind() == TensorKind.GRADIENT);
                check(failures, name, !gradients || m.nodes().stream().anyMatch(n -> !n.gradients().isEmpty()),
                        "no gradient series although the run records gradients");
            }
        });
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /**
     * On the failing VAE at the iteration just before its loss turns non-finite, the top-ranked
     * node is one whose values grow most: the growth of every node (current mean |value| over the
     * median of its earlier ones in the window) is computed here from the raw records.
     */
    @Test
    void theFailingVaeRanksFirstANodeWhoseValuesExplode() throws IOException {
        Run run = RUNS.get("vae-unstable");
        MetricSeries loss = run.metric("loss").orElseThrow();
        long failing = loss.firstNonFiniteIteration();
        assertTrue(failing > 0, "the unstable VAE must fail in this size: loss " + Arrays.toString(loss.values()));
        long before = failing - 1;
        SnapshotGraphModel m = new SnapshotGraphProvider().compute(SnapshotRequest.of(run, before),
                new NullProgressMonitor());
        Map<String, Double> growth = new HashMap<>();
        for (TensorSeries t : run.tensors()) {
            if (t.kind() == TensorKind.UPDATE) {
                continue;
            }
            double g = growth(t, m.fromIteration(), before);
            if (Double.isFinite(g)) {
                growth.merge(t.nodeId(), g, Math::max);
            }
        }
        List<String> byGrowth = growth.keySet().stream()
                .sorted(Comparator.comparingDouble((String id) -> -growth.get(id))).toList();
        String top = m.ranking().get(0);
        NodeFlow first = m.node(top).orElseThrow();
        System.out.println("vae-unstable at " + before + ": ranking " + m.ranking().subList(0, 5) + ", top "
                + first.abnormality() + "; by growth " + byGrowth.subList(0, 5) + " "
                + byGrowth.subList(0, 5).stream().map(id -> String.format("%.3g", growth.get(id))).toList());
        assertTrue(byGrowth.subList(0, 3).contains(top), top + " is ranked first; largest growth: " + byGrowth);
        assertTrue(growth.get(top) > 2, top + " grew only ×" + growth.get(top));
        assertTrue(first.marked() && first.abnormality().score() >= AbnormalityScore.MARK_THRESHOLD,
                first.abnormality().toString());

        SnapshotGraphModel atFailure = new SnapshotGraphProvider().compute(SnapshotRequest.of(run, lastIteration(run)),
                new NullProgressMonitor());
        NodeFlow worst = atFailure.node(atFailure.ranking().get(0)).orElseThrow();
        assertTrue(worst.abnormality().score() >= AbnormalityScore.NON_FINITE, "after the failure NaN/Inf rank first: "
                + worst.id() + " " + worst.abnormality());
    }

    /** mean |value| at the last record at or before {@code now} over the median of the earlier ones from {@code from}. */
    private static double growth(TensorSeries t, long from, long now) throws IOException {
        long[] its = t.iterations();
        List<Double> earlier = new ArrayList<>();
        double current = Double.NaN;
        float[] values = new float[t.neuronCount()];
        for (int r = 0; r < its.length; r++) {
            if (its[r] < from || its[r] > now) {
                continue;
            }
            t.readSnapshot(r, values);
            double sum = 0;
            int n = 0;
            for (float v : values) {
                if (Float.isFinite(v)) {
                    sum += Math.abs(v);
                    n++;
                }
            }
            double meanAbs = n == 0 ? Double.NaN : sum / n;
            if (r + 1 < its.length && its[r + 1] <= now) {
                if (meanAbs > 0) {
                    earlier.add(meanAbs);
                }
            } else {
                current = meanAbs;
            }
        }
        if (earlier.isEmpty()) {
            return Double.NaN;
        }
        double[] e = earlier.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = e.length % 2 == 1 ? e[e.length / 2] : (e[e.length / 2 - 1] + e[e.length / 2]) / 2;
        return current / median;
    }

    /** A huge record is read in evenly spread blocks at the requested resolution; a small one whole and exactly. */
    @Test
    void recordsAreReadWholeOrInSpreadBlocks() throws IOException {
        Run run = RUNS.get("cnn");
        TensorSeries big = run.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .max(Comparator.comparingInt(TensorSeries::neuronCount)).orElseThrow();
        assertTrue(big.neuronCount() > 4096, big.id() + " " + big.neuronCount());
        RecordStats sampled = FlowStatistics.of(big, 0, 4096);
        assertEquals(4096, sampled.valuesRead());
        RecordStats whole = FlowStatistics.of(big, 0, big.neuronCount());
        assertEquals(big.neuronCount(), whole.valuesRead());
        float[] all = new float[big.neuronCount()];
        big.readSnapshot(0, all);
        double sum = 0;
        float[] sorted = all.clone();
        Arrays.sort(sorted);
        for (float v : all) {
            sum += v;
        }
        assertEquals(sum / all.length, whole.mean(), 1e-6 * Math.max(1, Math.abs(whole.mean())));
        assertTrue(whole.q05() >= sorted[(int) Math.floor(0.05 * (all.length - 1))]
                && whole.q05() <= sorted[(int) Math.ceil(0.05 * (all.length - 1))], "q05 " + whole.q05());
        assertTrue(whole.loudestIndex() >= 0 && Math.abs(all[whole.loudestIndex()]) == Math.max(
                Math.abs(sorted[0]), Math.abs(sorted[sorted.length - 1])), "loudest " + whole.loudestIndex());
        // the blocks reach the end of the record: the sample's spread is the same order as the whole's
        assertTrue(sampled.spread() > 0.2 * whole.spread() && sampled.spread() < 5 * whole.spread(),
                sampled + " vs " + whole);
    }

    private static void check(List<String> failures, String run, boolean ok, String what) {
        if (!ok) {
            failures.add(run + ": " + what);
        }
    }
}
