package org.trainscope.algorithms.credit.tests.realruns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.TrainingBatchRanking;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.provider.NeuronGroup;
import org.trainscope.core.model.BatchInputs;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.snapshot.AbnormalityScore;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.trainscope.core.snapshot.SnapshotGraphProvider;
import org.trainscope.core.snapshot.SnapshotRequest;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyKind;
import org.trainscope.core.summary.RunSummaryProvider;

/**
 * The failing-VAE case study of issue 12 (docs/case-studies/vae-nan.md) driven through the providers
 * the views draw from, on the DL4J demo's {@code vae-unstable} and on the PyTorch recorder's
 * {@code vae-unstable} ({@link FailingVaeRuns}). Each step takes what the previous one found, as the
 * user does, and checks it against the raw records:
 * <ol>
 * <li>the Training Overview's anomalies give the failing iteration (the first non-finite loss);</li>
 * <li>the Snapshot view at the last recorded iteration before it ranks first, and marks, the node
 * whose values grew most;</li>
 * <li>Training Dynamics on that layer's activations up to the failure draws the neurons that blow up
 * first as turning non-finite (or outlying) and lists them in its first anomalous group;</li>
 * <li>Neuron Credit on such a neuron at the failing iteration, on its training batch, ranks the
 * batch's samples (a few carry much of the credit and reproduce the neuron's extreme value alone) and
 * shows finite credit for the neurons that feed it, back to the input.</li>
 * </ol>
 */
class FailingVaeWalkthroughTest {
    private static final int TOP = 5;
    /** As in {@link TrainingBatchRootCauseTest}: the top five carry more than 1.5 times five average samples' share. */
    private static final double DOMINANCE = 1.5;

    static Stream<String> runs() {
        return FailingVaeRuns.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void fromTheFailingIterationToTheTrainingImagesThatCauseIt(String name) throws IOException {
        Run run = FailingVaeRuns.get(name);
        long failing = failingIteration(run);
        NodeFlow abnormal = abnormalNode(run, failing);
        TensorSeries tensor = dynamicsTensor(run, abnormal);
        int neuron = outlyingNeuron(run, tensor, failing);
        responsibleSamples(run, tensor, neuron, failing);
    }

    /** (a) The overview's first non-finite loss, checked against the loss values themselves. */
    private static long failingIteration(Run run) {
        List<Anomaly> nonFinite = new RunSummaryProvider().facts(run).anomalies(AnomalyKind.NON_FINITE_METRIC).stream()
                .filter(a -> a.subject().equals("loss")).toList();
        assertEquals(1, nonFinite.size(), run.name() + ": one first non-finite loss: " + nonFinite);
        long failing = nonFinite.get(0).iteration();
        MetricSeries loss = run.metric("loss").orElseThrow();
        for (int i = 0; i < loss.size(); i++) {
            assertEquals(loss.iteration(i) >= failing, !Double.isFinite(loss.value(i)) || loss.iteration(i) > failing,
                    run.name() + ": loss " + loss.value(i) + " at iteration " + loss.iteration(i));
        }
        assertTrue(failing > 0, run.name() + " fails only at iteration " + failing);
        System.out.printf(Locale.ROOT, "%s (a) the loss turns non-finite at iteration %d: %s%n", run.name(), failing,
                nonFinite.get(0).description());
        return failing;
    }

    /**
     * (b) The snapshot at the last iteration recorded before the failure: its first-ranked node is the
     * one whose values grew most in the view's window (current mean |value| over the median of its
     * earlier records, from the raw records), and it is marked.
     */
    private static NodeFlow abnormalNode(Run run, long failing) throws IOException {
        long before = run.tensors().stream().flatMapToLong(t -> Arrays.stream(t.iterations())).filter(i -> i < failing)
                .max().orElseThrow(() -> new AssertionError(run.name() + ": nothing recorded before " + failing));
        SnapshotGraphModel m = new SnapshotGraphProvider().compute(SnapshotRequest.of(run, before),
                new NullProgressMonitor());
        Map<String, Double> growth = new HashMap<>();
        for (TensorSeries t : run.tensors()) {
            if (t.kind() != TensorKind.UPDATE) {
                double g = growth(t, m.fromIteration(), before);
                if (Double.isFinite(g)) {
                    growth.merge(t.nodeId(), g, Math::max);
                }
            }
        }
        List<String> byGrowth = growth.keySet().stream().sorted(Comparator.comparingDouble((String id) -> -growth.get(id)))
                .toList();
        NodeFlow first = m.node(m.ranking().get(0)).orElseThrow();
        System.out.printf(Locale.ROOT, "%s (b) snapshot at %d (window %d..%d): ranking %s; first %s %s; by growth %s%n",
                run.name(), before, m.fromIteration(), m.toIteration(), m.ranking().subList(0, Math.min(5,
                        m.ranking().size())), first.id(), first.abnormality(), byGrowth.subList(0, 5).stream()
                        .map(id -> String.format(Locale.ROOT, "%s x%.3g rank %d score %.1f", id, growth.get(id),
                                m.node(id).orElseThrow().rank(), m.node(id).orElseThrow().abnormality().score()))
                        .toList());
        assertTrue(byGrowth.subList(0, 3).contains(first.id()), run.name() + ": " + first.id()
                + " is ranked first, the largest growth: " + byGrowth.subList(0, 5));
        assertTrue(growth.get(first.id()) > 100, first.id() + " grew only x" + growth.get(first.id()));
        assertTrue(first.marked() && first.abnormality().score() >= AbnormalityScore.MARK_THRESHOLD,
                first.abnormality().toString());
        return first;
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

    /**
     * The layer the user opens in Training Dynamics: the node itself when it has activations, else (a
     * parameter, whose gradient grew) the operator it feeds, whose activations a double-click on
     * that operator shows (SnapshotView opens a node's first activation tensor).
     */
    private static TensorSeries dynamicsTensor(Run run, NodeFlow node) {
        List<String> candidates = new ArrayList<>(List.of(node.id()));
        if (node.node().kind() == NodeKind.PARAMETER) {
            candidates.addAll(run.graph().successors(node.id()));
        }
        for (String id : candidates) {
            for (TensorSeries t : run.tensors()) {
                if (t.nodeId().equals(id) && t.kind() == TensorKind.ACTIVATION) {
                    System.out.printf(Locale.ROOT, "%s (c) %s is opened through %s%n", run.name(), node.id(), t.id());
                    return t;
                }
            }
        }
        throw new AssertionError(run.name() + ": neither " + candidates + " has activations");
    }

    /**
     * (c) Training Dynamics on the tensor up to the failure: its records up to the first one holding
     * NaN/Inf (the recorders record the iterations after the failing one densely), else up to the
     * failing iteration. From the raw records, per unit (its mean over the probe inputs, as the
     * chart's polylines are): the units that turn non-finite first or, when none does, the unit of
     * the largest |value| at the last record. Each is sampled, drawn as turning non-finite or as an
     * outlier, and in the first anomalous group the view lists. Returns the unit of the largest
     * |value| at the last finite record: the one whose value blew up most before the NaN.
     */
    private static int outlyingNeuron(Run run, TensorSeries tensor, long failing) throws IOException {
        long[] its = tensor.iterations();
        NeuronLayout layout = NeuronLayout.of(run, tensor);
        double[][] means = new double[its.length][];
        float[] values = new float[tensor.neuronCount()];
        Set<Integer> first = new HashSet<>();
        int firstRecord = -1;
        for (int r = 0; r < its.length && firstRecord < 0; r++) {
            tensor.readSnapshot(r, values);
            means[r] = new double[layout.unitCount()];
            for (int i = 0; i < values.length; i++) {
                means[r][layout.unitOf(i)] += values[i] / (double) Math.max(1, layout.probeCount());
            }
            for (int u = 0; u < layout.unitCount(); u++) {
                if (!Double.isFinite(means[r][u])) {
                    first.add(u);
                    firstRecord = r;
                }
            }
        }
        int to = firstRecord + 1;
        if (firstRecord < 0) {
            while (to < its.length && its[to] <= failing) {
                to++;
            }
        }
        assertTrue(to >= 2, run.name() + ": " + tensor.id() + " has " + to + " records up to the failure");
        int lastFinite = firstRecord < 0 ? to - 1 : firstRecord - 1;
        int loudest = 0;
        for (int u = 1; u < layout.unitCount(); u++) {
            if (Math.abs(means[lastFinite][u]) > Math.abs(means[lastFinite][loudest])) {
                loudest = u;
            }
        }
        if (first.isEmpty()) {
            first.add(loudest);
        }
        DynamicsChartModel chart = DynamicsChartProvider.compute(DynamicsRequest.of(run, tensor).withRange(0, to),
                new NullProgressMonitor());
        List<NeuronGroup> groups = chart.groups();
        System.out.printf(Locale.ROOT, "%s (c) %s records 0..%d (it. %d..%d): blow up first %s%s; loudest before: unit %d (%.4g at it. %d); %d outliers of %d "
                + "sampled; groups %s%n", run.name(), tensor.id(), to - 1, its[0], its[to - 1], first,
                firstRecord < 0 ? "" : " (non-finite from it. " + its[firstRecord] + ")",
                loudest, means[lastFinite][loudest], its[lastFinite], chart.outlierCount(), chart.sampled().length,
                groups);
        assertFalse(groups.isEmpty(), run.name() + ": no anomalous group in " + tensor.id());
        Set<Integer> firstGroup = new HashSet<>();
        Arrays.stream(groups.get(0).polylines()).forEach(firstGroup::add);
        int[] sampled = chart.sampled();
        for (int u : first) {
            int s = Arrays.binarySearch(sampled, u);
            assertTrue(s >= 0, run.name() + ": " + chart.describe(u) + " blows up first and is sampled");
            assertTrue(chart.isOutlier(s) || chart.onset(s) >= 0, chart.describe(u) + " is drawn as outlying");
            assertTrue(firstGroup.contains(u), chart.describe(u) + " is in the first group " + groups.get(0));
        }
        return loudest;
    }

    /**
     * (d) Neuron Credit on the unit at the failing iteration, explained on the training batch of that
     * iteration: the top samples carry more than their share, each of them alone gives its ranked value
     * and together the batch's extreme value; the neurons that feed the unit have finite credit and
     * the credit graph reaches the network's input.
     */
    private static void responsibleSamples(Run run, TensorSeries tensor, int unit, long failing) throws IOException {
        assertTrue(run.batchInputs(failing).isPresent(), run.name() + ": the failing batch (iteration " + failing
                + ") is recorded; recorded: " + Arrays.toString(run.batchInputIterations()));
        CreditTarget target = CreditTarget.of(run, tensor, unit, -1).orElseThrow();
        CreditGraphModel model = new CreditGraphProvider().compute(CreditGraphRequest.of(target, Direction.FORWARD,
                "epsilon", failing, TOP).withTrainingBatch(true), new NullProgressMonitor());
        TrainingBatchRanking ranking = model.batchRanking();
        BatchInputs batch = run.batchInputs(failing).orElseThrow();
        int n = ranking.samples().size();
        assertEquals(batch.sampleCount(), n, "every sample of the batch ranked");
        List<TrainingBatchRanking.Sample> top = ranking.samples().subList(0, TOP);
        CreditGraph graph = model.graph();
        Set<String> intoTarget = new HashSet<>();
        graph.edges().stream().filter(e -> e.to().equals(graph.target().id())).forEach(e -> intoTarget.add(e.from()));
        List<CreditGraph.Node> feeding = graph.nodes().stream().filter(x -> intoTarget.contains(x.id())).toList();
        System.out.printf(Locale.ROOT, "%s (d) %s at %d: top %d share %.4f (uniform %.4f), top %s; feeding %s; layers %s%n",
                run.name(), target.describe(), failing, TOP, ranking.topShare(TOP), (double) TOP / n, top,
                feeding.stream().map(x -> x.layerId() + " " + x.unitName() + " " + x.value()).toList(),
                graph.layerIds());
        assertTrue(ranking.topShare(TOP) > DOMINANCE * TOP / n, run.name() + ": the top " + TOP + " of " + n
                + " carry " + ranking.topShare(TOP));
        int[] chosen = top.stream().mapToInt(TrainingBatchRanking.Sample::sample).toArray();
        float[] alone = TrainingBatchRootCauseTest.valuesOn(run, failing, target, batch, chosen);
        for (int i = 0; i < TOP; i++) {
            float ranked = top.get(i).score();
            assertEquals(ranked, alone[i], 1e-4 * Math.max(1, Math.abs(ranked)), "sample " + chosen[i] + " alone");
        }
        float[] all = TrainingBatchRootCauseTest.valuesOn(run, failing, target, batch, null);
        assertEquals(maxAbs(all), maxAbs(alone), 1e-4 * Math.max(1, maxAbs(all)),
                "the top samples alone reproduce the batch's extreme value");

        assertFalse(feeding.isEmpty(), run.name() + ": no neuron feeds " + target.describe() + " in " + graph.layerIds());
        assertTrue(feeding.stream().allMatch(x -> Float.isFinite(x.value())), feeding.toString());
        assertTrue(feeding.stream().anyMatch(x -> x.value() != 0), "some credit reaches the feeding neurons");
        assertTrue(graph.layerIds().stream().anyMatch(id -> isInput(run, id)), run.name() + ": the credit graph "
                + graph.layerIds() + " reaches the input");
    }

    /** A node fed by nothing that is not a parameter: where the data enters the network. */
    private static boolean isInput(Run run, String id) {
        return run.graph().predecessors(id).isEmpty()
                && run.graph().node(id).map(x -> x.kind() != NodeKind.PARAMETER).orElse(false);
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float v : values) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
