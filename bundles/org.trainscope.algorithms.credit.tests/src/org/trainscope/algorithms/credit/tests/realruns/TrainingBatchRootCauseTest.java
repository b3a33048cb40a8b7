package org.trainscope.algorithms.credit.tests.realruns;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.OperatorLookup;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.RunInputs;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.algorithms.credit.provider.TrainingBatchRanking;
import org.trainscope.core.model.BatchInputs;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyFinder;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * "Which training images caused the failure" (issue 12), through the providers, on the DL4J demo's
 * failing VAE and on the PyTorch recorder's failing VAE (recorders/python/tests/make_workbench_runs.py
 * vae-unstable), both recorded here on real Fashion-MNIST: the failing iteration is the first
 * non-finite loss ({@link AnomalyFinder}); the last iteration before it whose training batch was
 * recorded is where the root cause is looked for; the neuron is the one with the largest |value| in
 * the activation tensor that grew most (the exploding one); credit on that iteration's batch ranks
 * its samples, and re-running the neuron's forward pass on the top samples alone gives the extreme
 * value again.
 */
class TrainingBatchRootCauseTest {
    /** The demo's default batches; 150 iterations, and the unstable VAE fails well before. */
    private static final DemoSize DEMO = new DemoSize(9600, 100, 64, 16, 1);
    private static final int TOP = 5;

    @TempDir
    static Path dir;

    private static final Map<String, TraceRun> RUNS = new LinkedHashMap<>();

    @BeforeAll
    static void record() throws Exception {
        var result = DemoRuns.record(DemoKind.VAE_UNSTABLE, dir.resolve("demo"), 42, DEMO, DemoRuns.dataDirectory(), null);
        RUNS.put("dl4j-vae-unstable", TraceRun.open(result.trace()));
        Path py = dir.resolve("pytorch");
        Path script = Path.of("../../recorders/python/tests/make_workbench_runs.py").toAbsolutePath().normalize();
        assertTrue(Files.exists(script), "PyTorch recorder script missing: " + script);
        Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), py.toString(), "vae-unstable")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the PyTorch recorder did not finish");
        assertEquals(0, p.exitValue(), "/usr/bin/python3 with torch and numpy is required:\n" + log);
        RUNS.put("pytorch-vae-unstable", TraceRun.open(py.resolve("vae-unstable")));
    }

    @AfterAll
    static void close() {
        RUNS.values().forEach(TraceRun::close);
    }

    static Stream<String> runs() {
        return Stream.of("dl4j-vae-unstable", "pytorch-vae-unstable");
    }

    /** The first non-finite loss, as the overview marks it. */
    private static long failingIteration(Run run) {
        MetricSeries loss = run.metric("loss").orElseThrow();
        Anomaly a = new AnomalyFinder().firstNonFinite(loss).orElseThrow(() -> new AssertionError(run.name()
                + " did not fail: its loss stays finite"));
        return a.iteration();
    }

    /** The activation tensor whose largest |value| grew most from its first record to {@code iteration}. */
    private static TensorSeries explodingTensor(Run run, long iteration) throws IOException {
        TensorSeries best = null;
        double bestGrowth = 0;
        for (TensorSeries t : run.tensors()) {
            if (t.kind() != TensorKind.ACTIVATION) {
                continue;
            }
            int record = RunParameterSource.recordAtOrBefore(t.iterations(), iteration);
            double growth = maxAbs(t, record) / Math.max(1e-12, maxAbs(t, 0));
            System.out.printf("  %s %s: max|a| %.4g at %d, %.4g at first, growth %.4g%n", run.name(), t.id(),
                    maxAbs(t, record), t.iterations()[record], maxAbs(t, 0), growth);
            if (best == null || growth > bestGrowth) {
                best = t;
                bestGrowth = growth;
            }
        }
        return best;
    }

    private static double maxAbs(TensorSeries t, int record) throws IOException {
        float[] v = new float[t.neuronCount()];
        t.readSnapshot(record, v);
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Float.isFinite(x) ? Math.abs(x) : Double.POSITIVE_INFINITY);
        }
        return m;
    }

    /** The unit of {@code t} holding the largest |value| at its record at or before {@code iteration}. */
    private static int extremeUnit(Run run, TensorSeries t, long iteration) throws IOException {
        float[] v = new float[t.neuronCount()];
        t.readSnapshot(RunParameterSource.recordAtOrBefore(t.iterations(), iteration), v);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (Math.abs(v[i]) > Math.abs(v[best]) || !Float.isFinite(v[i]) && Float.isFinite(v[best])) {
                best = i;
            }
        }
        return NeuronLayout.of(run, t).unitOf(best);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void theTopRankedTrainingImagesOfTheBatchBeforeTheFailureDriveTheExplodingNeuron(String name) throws IOException {
        TraceRun run = RUNS.get(name);
        long failing = failingIteration(run);
        long iteration = CreditGraphProvider.batchIterationAtOrBefore(run, failing);
        assertTrue(iteration >= 0, name + ": a training batch recorded before the failure at " + failing);
        TensorSeries exploding = explodingTensor(run, iteration);
        int unit = extremeUnit(run, exploding, iteration);
        CreditTarget target = CreditTarget.of(run, exploding, unit, -1).orElseThrow();
        CreditGraphModel model = new CreditGraphProvider().compute(CreditGraphRequest.of(target, Direction.FORWARD,
                "epsilon", iteration, 5).withTrainingBatch(true), new NullProgressMonitor());
        TrainingBatchRanking ranking = model.batchRanking();
        BatchInputs batch = run.batchInputs(iteration).orElseThrow();
        System.out.printf("%s: fails at %d, batch of %d, tensor %s unit %d, top %d share %.4f, scores %s%n", name,
                failing, iteration, exploding.id(), unit, TOP, ranking.topShare(TOP),
                ranking.samples().stream().limit(10).map(s -> s.sample() + ":" + s.score() + "(" + s.trainingIndex() + ")").toList());
        assertEquals(batch.sampleCount(), ranking.samples().size(), "every sample of the batch ranked");
        assertEquals(iteration, ranking.iteration());
        assertTrue(model.inputSource().contains("training batch of iteration " + iteration), model.inputSource());

        // the responsible samples: re-running the neuron on the top ones alone reproduces its extreme value
        int[] top = ranking.samples().stream().limit(TOP).mapToInt(TrainingBatchRanking.Sample::sample).toArray();
        float[] alone = valuesOn(run, iteration, target, batch, top);
        float[] all = valuesOn(run, iteration, target, batch, null);
        double extreme = 0;
        for (float v : all) {
            extreme = Math.max(extreme, Math.abs(v));
        }
        double extremeAlone = 0;
        for (float v : alone) {
            extremeAlone = Math.max(extremeAlone, Math.abs(v));
        }
        System.out.printf("  extreme over the batch %.6g, over the top %d alone %.6g, median %.6g%n", extreme, TOP,
                extremeAlone, median(all));
        explore(run, failing);
        long before = CreditGraphProvider.batchIterationAtOrBefore(run, failing - 1);
        TensorSeries e2 = explodingTensor(run, before);
        int u2 = extremeUnit(run, e2, before);
        CreditGraphModel m2 = new CreditGraphProvider().compute(CreditGraphRequest.of(CreditTarget.of(run, e2, u2, -1).orElseThrow(), Direction.FORWARD,
                "epsilon", before, 5).withTrainingBatch(true), new NullProgressMonitor());
        System.out.printf("BEFORE %s at %d: %s unit %d top5 %.4f%n", name, before, e2.id(), u2, m2.batchRanking().topShare(TOP));
    }

    private static void explore(Run run, long iteration) throws IOException {
        var b = run.batchInputs(iteration);
        if (b.isEmpty()) {
            System.out.println("EXPLORE no batch at " + iteration);
            return;
        }
        BatchInputs batch = b.get();
        Map<String, FloatTensor> inputs = RunInputs.of(run, new FloatTensor(batch.shape(), batch.values()), "x");
        var trace = new CreditEngine(OperatorLookup.registry()).forward(run.graph(),
                RunParameterSource.forUserInputs(run, iteration, batch.sampleCount()), inputs, null);
        for (String id : run.graph().topologicalOrder()) {
            FloatTensor a;
            try {
                a = trace.activation(id);
            } catch (RuntimeException e) {
                continue;
            }
            if (a == null || a.dim(0) != batch.sampleCount()) {
                continue;
            }
            int per = a.size() / a.dim(0);
            double[] m = new double[a.dim(0)];
            int bestUnit = 0;
            double bestV = -1;
            int nonFinite = 0;
            for (int i = 0; i < a.size(); i++) {
                float v = a.data()[i];
                if (!Float.isFinite(v)) {
                    nonFinite++;
                    continue;
                }
                m[i / per] = Math.max(m[i / per], Math.abs(v));
                if (Math.abs(v) > bestV) {
                    bestV = Math.abs(v);
                    bestUnit = i % per;
                }
            }
            double[] unitVals = new double[a.dim(0)];
            double tot = 0;
            for (int k = 0; k < a.dim(0); k++) {
                unitVals[k] = Math.abs(a.data()[k * per + bestUnit]);
                tot += Float.isFinite((float) unitVals[k]) ? unitVals[k] : 0;
            }
            double[] sorted = unitVals.clone();
            Arrays.sort(sorted);
            double top5 = 0;
            for (int k = 0; k < 5; k++) {
                top5 += sorted[sorted.length - 1 - k];
            }
            System.out.printf("EXPLORE it %d %s: nonfinite %d, max %.4g at unit %d, top5 share of that unit %.3f, median %.4g%n",
                    iteration, id, nonFinite, bestV, bestUnit, top5 / tot, sorted[sorted.length / 2]);
        }
    }

    /** The target neuron's value on each of {@code samples} of the batch (all when null), run on those samples alone. */
    private static float[] valuesOn(Run run, long iteration, CreditTarget target, BatchInputs batch, int[] samples) {
        int per = batch.values().length / batch.sampleCount();
        int[] chosen = samples != null ? samples : java.util.stream.IntStream.range(0, batch.sampleCount()).toArray();
        float[] x = new float[chosen.length * per];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(batch.values(), chosen[i] * per, x, i * per, per);
        }
        int[] shape = batch.shape().clone();
        shape[0] = chosen.length;
        Map<String, FloatTensor> inputs = RunInputs.of(run, new FloatTensor(shape, x), "the chosen samples");
        var trace = new CreditEngine(OperatorLookup.registry()).forwardTo(run.graph(),
                RunParameterSource.forUserInputs(run, iteration, chosen.length), inputs, target.nodeId(), null);
        FloatTensor a = trace.activation(target.nodeId());
        int out = a.size() / chosen.length;
        float[] values = new float[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            values[i] = a.data()[i * out + target.neuron()];
        }
        return values;
    }

    private static double median(float[] v) {
        float[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    @SuppressWarnings("unused")
    private static List<String> unused() {
        return List.of();
    }
}
