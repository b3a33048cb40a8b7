package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.algorithms.credit.provider.TrainingBatchRanking;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.credit.CreditView;
import org.trainscope.ui.internal.open.CommandLineRuns;
import org.trainscope.ui.internal.open.RunOpenJob;

/**
 * Neuron Credit on the training batch, as a user gets it: the DL4J demo's failing VAE and the
 * PyTorch recorder's (both fail) and the PyTorch GAN (a noise batch: inputs that are not images)
 * are opened, a neuron explained with "Inputs: training batch", and the strip of top-ranked samples
 * follows the current iteration. No dialog, no Error Log entry. Screenshots:
 * credit-training-batch-*.png.
 */
class TrainingBatchCreditWorkbenchTest {
    @TempDir
    Path dir;

    @Test
    void theNeuronCreditViewRanksTheTrainingBatchAndFollowsTheCurrentIteration() throws Exception {
        DemoRuns.record(DemoKind.VAE_UNSTABLE, dir.resolve("demos"), 42, RealRuns.FAILING_VAE_SIZE,
                DemoRuns.dataDirectory(), null);
        recordPyTorch(dir.resolve("pytorch"), "vae-unstable", "gan");
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        DialogGuard dialogs = new DialogGuard(shell.getDisplay(), shell);
        ErrorLogGuard log = new ErrorLogGuard();
        dialogs.start();
        log.start();
        CreditView view = null;
        try {
            List<Path> paths = List.of(dir.resolve("demos").resolve(DemoKind.VAE_UNSTABLE.directoryName()),
                    dir.resolve("pytorch").resolve("vae-unstable"), dir.resolve("pytorch").resolve("gan"));
            CommandLineRuns.open(paths.stream().map(Path::toString).toArray(String[]::new));
            UiWait.until("the runs to open", 60_000, () -> Job.getJobManager().find(RunOpenJob.FAMILY).length == 0);
            IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
            view = (CreditView) page.showView(CreditView.ID);
            view.useTrainingBatch(true);
            String[] names = { "dl4j-vae-unstable", "pytorch-vae-unstable", "pytorch-gan" };
            for (int i = 0; i < paths.size(); i++) {
                Run run = RunManager.getInstance().find(paths.get(i)).orElseThrow(() -> new AssertionError("not opened"));
                long[] batches = run.batchInputIterations();
                assertTrue(batches.length >= 2, names[i] + " recorded training batches: " + batches.length);
                long last = failingBatch(run, batches);
                TensorSeries tensor = explodingActivation(run, last);
                view.show(CreditTarget.of(run, tensor, extremeUnit(run, tensor, last), -1).orElseThrow());
                CurrentIteration.getInstance().set(run, last, this);
                CreditGraphModel model = waitForBatch(view, shell.getDisplay(), last);
                TrainingBatchRanking ranking = model.batchRanking();
                assertEquals(run.batchInputs(last).orElseThrow().sampleCount(), ranking.samples().size());
                assertTrue(view.statusText().contains("training batch of iteration " + last), view.statusText());
                // images of the VAEs as pictures; the GAN's noise as rows of values
                assertEquals(!names[i].endsWith("gan"), model.inputs().get(0).picture() != null, names[i]);
                Screenshots.save(shell.getDisplay(), "credit-training-batch-" + names[i]);

                // the strip follows the current snapshot: an earlier iteration explains its own batch
                long earlier = batches[0];
                CurrentIteration.getInstance().set(run, earlier, this);
                assertEquals(earlier, waitForBatch(view, shell.getDisplay(), earlier).batchRanking().iteration());
            }
            assertEquals(List.of(), dialogs.takeSeen());
            assertEquals(List.of(), log.takeEntries());
        } finally {
            if (view != null) {
                view.useTrainingBatch(false); // the view outlives this test: later tests expect the probe set
            }
            RunManager.getInstance().closeAll();
            dialogs.stop();
            log.stop();
        }
    }

    /**
     * The batch of the first non-finite loss (the recorders record it with the weights that
     * produced that loss), or the last one before it; none after the last finite weights (a run
     * whose weights are NaN at the failing iteration, as the small demo VAE's are at 32, is
     * explained at 24); the last batch when the loss stays finite.
     */
    private static long failingBatch(Run run, long[] batches) {
        var loss = run.metric("loss").orElseThrow();
        long failing = Long.MAX_VALUE;
        for (int i = 0; i < loss.values().length; i++) {
            if (!Double.isFinite(loss.values()[i])) {
                failing = loss.iterations()[i];
                break;
            }
        }
        long last = CreditGraphProvider.batchIterationAtOrBefore(run,
                Math.min(failing, RunParameterSource.lastFiniteIteration(run)));
        return last >= 0 ? last : batches[0];
    }

    /** The activation tensor whose largest finite |value| grew most from its first record to {@code iteration}. */
    private static TensorSeries explodingActivation(Run run, long iteration) throws IOException {
        TensorSeries best = null;
        double bestGrowth = -1;
        for (TensorSeries t : run.tensors()) {
            if (t.kind() == TensorKind.ACTIVATION) {
                double growth = maxAbs(snapshot(t, iteration)) / Math.max(1e-12, maxAbs(snapshot(t, 0)));
                if (growth > bestGrowth) {
                    bestGrowth = growth;
                    best = t;
                }
            }
        }
        return best;
    }

    private static double maxAbs(float[] values) {
        double m = 0;
        for (float x : values) {
            if (Float.isFinite(x)) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }

    private static int extremeUnit(Run run, TensorSeries t, long iteration) throws IOException {
        float[] v = snapshot(t, iteration);
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (Float.isFinite(v[i]) && Math.abs(v[i]) > Math.abs(v[best])) {
                best = i;
            }
        }
        return NeuronLayout.of(run, t).unitOf(best);
    }

    private static float[] snapshot(TensorSeries t, long iteration) throws IOException {
        float[] v = new float[t.neuronCount()];
        t.readSnapshot(Math.max(0, RunParameterSource.recordAtOrBefore(t.iterations(), iteration)), v);
        return v;
    }

    private static CreditGraphModel waitForBatch(CreditView view, Display display, long iteration) {
        CreditViewDriver.waitUntil(display, 120_000, () -> !view.busy() && view.currentModel() != null
                && view.currentModel().batchRanking() != null && view.currentModel().batchRanking().iteration() == iteration);
        assertNotNull(view.currentModel(), view.statusText());
        UiWait.settle(500); // drawn, for the screenshot
        return view.currentModel();
    }

    private static void recordPyTorch(Path out, String... runs) throws IOException, InterruptedException {
        Path script = Path.of(RealRuns.PYTORCH_SCRIPT).toAbsolutePath().normalize();
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/python3", script.toString(), out.toString()));
        command.addAll(List.of(runs));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0, "the PyTorch recorder failed:\n" + output);
    }
}
