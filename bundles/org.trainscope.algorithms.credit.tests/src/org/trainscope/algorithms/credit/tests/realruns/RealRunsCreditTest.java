package org.trainscope.algorithms.credit.tests.realruns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.LayerCredit;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.OperatorLookup;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;
import org.trainscope.algorithms.credit.provider.RunInputs;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;

/**
 * Credit for a unit of every activation tensor of every real run: every demo kind recorded small
 * by the DL4J recorder on real Fashion-MNIST, and the PyTorch recorder's CNN, VAE and GAN
 * (recorders/python/tests/make_workbench_runs.py, run with /usr/bin/python3: the test fails,
 * never skips, without torch). Each run is opened by the trace adapter, as the workbench opens it.
 */
class RealRunsCreditTest {
    /** 11 iterations of 32 images: weights and activations are recorded at iterations 0 and 10. */
    private static final DemoSize SMALL = new DemoSize(352, 100, 32, 8, 1);

    @TempDir
    static Path dir;

    private static final Map<String, TraceRun> RUNS = new LinkedHashMap<>();
    private static final Map<Run, Long> ITERATIONS = new HashMap<>();

    @BeforeAll
    static void record() throws Exception {
        Path demos = dir.resolve("demo");
        for (DemoKind kind : DemoKind.values()) {
            var result = DemoRuns.record(kind, demos, 42, SMALL, DemoRuns.dataDirectory(), null);
            RUNS.put(kind.directoryName(), TraceRun.open(result.trace()));
        }
        Path py = dir.resolve("pytorch");
        runPyTorchRecorder(py);
        for (String name : List.of("cnn", "vae", "gan")) {
            RUNS.put("pytorch-" + name, TraceRun.open(py.resolve(name)));
        }
    }

    private static void runPyTorchRecorder(Path out) throws IOException, InterruptedException {
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "PyTorch recorder script missing (run the tests from the bundle folder): "
                + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), out.toString()).redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy is required "
                + "(releng/scripts/install-deps.sh installs python3-torch):\n" + log);
    }

    @AfterAll
    static void close() {
        RUNS.values().forEach(TraceRun::close);
    }

    /** Every activation tensor of every run, with the iteration credit uses (the view's default). */
    static Stream<Arguments> activations() {
        List<Arguments> out = new ArrayList<>();
        RUNS.forEach((name, run) -> {
            for (TensorSeries t : run.tensors()) {
                if (t.kind() == TensorKind.ACTIVATION) {
                    out.add(Arguments.of(name, t.id()));
                }
            }
        });
        assertTrue(out.size() >= 80, "activation tensors of 12 runs: " + out.size());
        return out.stream();
    }

    /** The last iteration whose weights are all finite, as the view starts with. */
    private static long iteration(Run run) {
        return ITERATIONS.computeIfAbsent(run, r -> {
            long[] its = RunParameterSource.parameterIterations(r);
            assertTrue(its.length > 0, r.name() + " has recorded weights");
            return its[RunParameterSource.lastFiniteIndex(r, its)];
        });
    }

    /** The unit whose activation, averaged over the probe inputs, is largest in magnitude: a live neuron. */
    private static int liveUnit(Run run, TensorSeries t, long iteration) throws IOException {
        NeuronLayout layout = NeuronLayout.of(run, t);
        int record = Math.max(0, RunParameterSource.recordAtOrBefore(t.iterations(), iteration));
        float[] values = new float[t.neuronCount()];
        t.readSnapshot(record, values);
        double[] mean = new double[layout.unitCount()];
        for (int i = 0; i < values.length; i++) {
            mean[layout.unitOf(i)] += values[i];
        }
        int best = 0;
        for (int u = 1; u < mean.length; u++) {
            if (Math.abs(mean[u]) > Math.abs(mean[best])) {
                best = u;
            }
        }
        return best;
    }

    private static CreditGraphModel compute(String runName, String tensorId, Direction direction,
            String composite) throws IOException {
        TraceRun run = RUNS.get(runName);
        TensorSeries t = run.tensor(tensorId).orElseThrow();
        long it = iteration(run);
        CreditTarget target = CreditTarget.of(run, t, liveUnit(run, t, it), -1).orElseThrow();
        CreditGraphModel model = new CreditGraphProvider().compute(CreditGraphRequest.of(target, direction, composite,
                it, 5), null);
        // every operator of the recorders' graphs has a credit rule: no warning about one
        assertTrue(model.warnings().stream().noneMatch(w -> w.contains("no credit rule")), model.warnings().toString());
        assertEquals(model.result().sampleRanking().length, model.inputs().size(), "every probe input ranked");
        return model;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void forwardCreditReachesTheInputsAndStartsAtTheNeuronsValue(String runName, String tensorId) throws IOException {
        CreditGraphModel o = compute(runName, tensorId, Direction.FORWARD, "epsilonGammaBox");
        CreditResult r = o.result();
        String node = r.target().nodeId();
        assertFinite(r);
        assertFalse(r.inputRelevance().isEmpty(), "relevance reaches the network input");
        r.inputRelevance().values().forEach(x -> assertAllFinite(x.data(), "input relevance"));
        double value = mean(r.sampleScores());
        assertEquals(value, r.layer(node).orElseThrow().total(), 1e-5 * Math.max(1, Math.abs(value)),
                "relevance starts at the neuron's own value");
        assertTrue(o.graph().nodes().size() > 1, "neurons of earlier layers on display");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void backwardContributionsSumToTheGradientOverEverySeparatingLayer(String runName, String tensorId)
            throws IOException {
        CreditGraphModel o = compute(runName, tensorId, Direction.BACKWARD, "");
        CreditResult r = o.result();
        assertFinite(r);
        String target = r.target().nodeId();
        List<String> layers = r.layers().stream().map(LayerCredit::nodeId).toList();
        assertTrue(o.method().contains("loss"), o.method());
        NetworkGraph graph = RUNS.get(runName).graph();
        String seed = layers.get(layers.size() - 1);
        double gradient = r.layer(target).orElseThrow().total();
        for (LayerCredit layer : r.layers()) {
            if (separates(graph, target, seed, layer.nodeId())) {
                assertEquals(gradient, layer.total(), 1e-3 * (absTotal(layer) + Math.abs(gradient)) + 1e-9,
                        "chain rule over " + layer.nodeId() + " (" + o.method() + ")");
            }
        }
    }

    /**
     * A dead unit of the dead-ReLU demo is 0 on every probe input: every credit is 0 and every
     * heatmap blank. The model says why; a live unit of the trained MLP gets no such warning.
     */
    @org.junit.jupiter.api.Test
    void aDeadUnitSaysThereIsNoCreditToDistribute() throws IOException {
        TraceRun dead = RUNS.get("mlp-dead-relu");
        TensorSeries relu = dead.tensor("dense0.relu.act").orElseThrow();
        CreditTarget target = CreditTarget.of(dead, relu, 0, -1).orElseThrow();
        CreditGraphModel model = new CreditGraphProvider().compute(
                CreditGraphRequest.of(target, Direction.FORWARD, "epsilonGammaBox", iteration(dead), 5), null);
        for (float score : model.result().sampleScores()) {
            assertEquals(0f, score, "the demo's first layer is dead");
        }
        assertTrue(model.warnings().stream().anyMatch(w -> w.contains("no relevance to distribute")),
                model.warnings().toString());
        CreditGraphModel backward = new CreditGraphProvider().compute(
                CreditGraphRequest.of(target, Direction.BACKWARD, "", iteration(dead), 5), null);
        assertTrue(backward.warnings().stream().anyMatch(w -> w.contains("nothing to decompose")),
                backward.warnings().toString());
        CreditGraphModel live = compute("mlp", "dense0.relu.act", Direction.FORWARD, "epsilonGammaBox");
        assertTrue(live.warnings().stream().noneMatch(w -> w.contains("no relevance to distribute")),
                live.warnings().toString());
    }

    /** Backward credit starts at the loss each run trains on, or the nearest sensible stand-in, and says which. */
    @org.junit.jupiter.api.Test
    void backwardCreditStartsAtTheLossEachRunTrainsOn() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (DemoKind kind : DemoKind.values()) {
            expected.put(kind.directoryName(), kind.isVae() ? "squared reconstruction error of xhat"
                    : kind.isGan() ? "the generator's least-squares loss (D(G(z)) - 1)^2 / 2 at the discriminator's output discriminator.out"
                    : "the recorded loss node output");
        }
        expected.put("pytorch-cnn", "negative log-likelihood of logsoftmax against the probe labels");
        expected.put("pytorch-vae", "squared reconstruction error of decoder.4 against the probe inputs");
        expected.put("pytorch-gan", "the generator's loss -log D(G(z))");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            TraceRun run = RUNS.get(e.getKey());
            TensorSeries first = run.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION).findFirst()
                    .orElseThrow();
            String note = compute(e.getKey(), first.id(), Direction.BACKWARD, "").method();
            assertTrue(note.contains(e.getValue()), e.getKey() + ": " + note);
        }
    }

    /**
     * LRP-0 on the network with its biases (and batch-norm shifts) removed conserves relevance
     * exactly: every layer that all paths from the input to the neuron pass through holds the
     * neuron's value. This checks that every operator of the real graph routes relevance right.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void relevanceIsConservedOnTheBiasFreeNetwork(String runName, String tensorId) throws IOException {
        TraceRun run = RUNS.get(runName);
        TensorSeries t = run.tensor(tensorId).orElseThrow();
        long it = iteration(run);
        NeuronRef neuron = new NeuronRef(t.nodeId(), liveUnit(run, t, it));
        Map<String, FloatTensor> inputs = RunInputs.of(run);
        CreditResult r = new CreditEngine(OperatorLookup.builtIn()).forwardCredit(CreditRequest.forward(run.graph(),
                withoutBiases(new RunParameterSource(run, it)), inputs, neuron, Composites.uniform(Rules.lrp0())),
                null);
        assertFinite(r);
        double value = mean(r.sampleScores());
        String source = inputs.keySet().iterator().next();
        for (LayerCredit layer : r.layers()) {
            if (separates(run.graph(), source, neuron.nodeId(), layer.nodeId())) {
                assertEquals(value, layer.total(), 1e-3 * (absTotal(layer) + Math.abs(value)) + 1e-6,
                        "relevance at " + layer.nodeId());
            }
        }
    }

    /**
     * The trace says how to replay the network, not a guess: from the recorded weights and probe
     * inputs (and the recorded probe noise of z) the engine reproduces every recorded activation.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("activations")
    void theEngineReproducesTheRecordedActivation(String runName, String tensorId) throws IOException {
        TraceRun run = RUNS.get(runName);
        TensorSeries t = run.tensor(tensorId).orElseThrow();
        long it = iteration(run);
        int record = Arrays.binarySearch(t.iterations(), it);
        assertTrue(record >= 0, "activations are recorded with the weights at iteration " + it);
        float[] recorded = new float[t.neuronCount()];
        t.readSnapshot(record, recorded);
        FloatTensor replayed = new CreditEngine(OperatorLookup.builtIn()).forwardTo(run.graph(),
                new RunParameterSource(run, it), RunInputs.of(run), t.nodeId(), null).activation(t.nodeId());
        assertEquals(recorded.length, replayed.size());
        double scale = 1;
        for (float v : recorded) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < recorded.length; i++) {
            assertEquals(recorded[i], replayed.data()[i], 1e-4 * scale, tensorId + " value " + i);
        }
    }

    /** The parameters without biases, batch-norm shifts and means: every layer becomes linear. */
    private static ParameterSource withoutBiases(ParameterSource parameters) {
        Set<String> shifts = Set.of("b", "bias", "beta");
        Set<String> means = Set.of("mean", "running_mean", "runningMean");
        return nodeId -> {
            Map<String, FloatTensor> out = new HashMap<>();
            parameters.parameters(nodeId).forEach((name, value) -> {
                if (means.contains(name)) {
                    out.put(name, FloatTensor.zeros(value.shape()));
                } else if (!shifts.contains(name)) {
                    out.put(name, value);
                }
            });
            return out;
        };
    }

    /** Whether every path from {@code from} to {@code to} passes through {@code via}. */
    static boolean separates(NetworkGraph graph, String from, String to, String via) {
        if (via.equals(from) || via.equals(to)) {
            return true;
        }
        Set<String> seen = new HashSet<>(List.of(via));
        ArrayDeque<String> stack = new ArrayDeque<>(List.of(from));
        while (!stack.isEmpty()) {
            String n = stack.pop();
            if (n.equals(to)) {
                return false;
            }
            if (seen.add(n)) {
                stack.addAll(graph.successors(n));
            }
        }
        return true;
    }

    private static void assertFinite(CreditResult r) {
        assertFalse(r.layers().isEmpty(), "credit for " + r.target());
        for (LayerCredit layer : r.layers()) {
            assertTrue(layer.contribution().length > 0, layer.nodeId());
            assertAllFinite(layer.contribution(), layer.nodeId());
        }
    }

    private static void assertAllFinite(float[] values, String what) {
        for (float v : values) {
            assertTrue(Float.isFinite(v), what + " holds " + v);
        }
    }

    private static double absTotal(LayerCredit layer) {
        double s = 0;
        for (float v : layer.contribution()) {
            s += Math.abs(v);
        }
        return s;
    }

    private static double mean(float[] values) {
        double s = 0;
        for (float v : values) {
            s += v;
        }
        return s / values.length;
    }
}
