package org.trainscope.ui.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Shell;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;
import org.trainscope.ui.demo.internal.DemoRunsJob;
import org.trainscope.ui.internal.open.RunLocationChooser;
import org.trainscope.ui.internal.open.RunLocationChoosers;
import org.trainscope.ui.internal.open.RunOpenJob;

/**
 * Real runs for the workbench tests, recorded small and opened as a user opens them: every
 * DL4J demo kind through File > Open Demo Runs (on real Fashion-MNIST), and PyTorch-recorded
 * CNN, VAE and GAN runs through File > Open Run Folder. The two VAEs are recorded beforehand at
 * sizes where each shows what it is for (the failing one fails, the fixed one has weights at two
 * iterations); the job finds them and opens them as they are, and records the others.
 */
final class RealRuns {
    /** Training images of the demo runs: 20 iterations, tensors recorded at 0 and 10. */
    static final int DEMO_TRAIN_SAMPLES = 1280;
    /**
     * The unstable VAE needs more iterations to fail: with 2,560 training images (40 batches of 64)
     * its score turns NaN at iteration 32 and the recorder stops it at 36.
     */
    static final DemoSize FAILING_VAE_SIZE = new DemoSize(2560, 640, 64, 16, 1);
    /** The fixed VAE records weights every 50 iterations: 52 iterations give two records of them. */
    static final DemoSize FIXED_VAE_SIZE = new DemoSize(3328, 640, 64, 16, 1);
    static final String PYTORCH_SCRIPT = "../../recorders/python/tests/make_workbench_runs.py";

    /** The runs by "dl4j/KIND" or "pytorch/cnn|vae|gan", in opening order. */
    final Map<String, Run> runs = new LinkedHashMap<>();
    /** The PyTorch script's exit code and output; -1 when it could not run. */
    int pythonExit = -1;
    String pythonLog = "";
    /** The first (recording) call's PyTorch outcome, which later calls report again. */
    private static int firstPythonExit = -1;
    private static String firstPythonLog = "";

    /** Where the runs were recorded in this test runtime: recording takes minutes, so it happens once. */
    private static Path recorded;

    /**
     * Records everything the first time it is called in the test runtime (later calls reopen the
     * same recordings, through the same menus) and opens it; returns what opened (failures are
     * left for the tests to report).
     */
    static RealRuns recordAndOpen(Shell shell) throws IOException, InterruptedException {
        boolean first = recorded == null;
        if (first) {
            recorded = Files.createTempDirectory("trainscope-real-runs");
        }
        Path root = recorded;
        RealRuns r = new RealRuns();
        Path demos = root.resolve("demos");
        Path pytorch = root.resolve("pytorch");
        Path script = Path.of(PYTORCH_SCRIPT).toAbsolutePath().normalize();
        Path pythonOut = root.resolve("pytorch.log");
        Process python = first && Files.exists(script)
                ? new ProcessBuilder("/usr/bin/python3", script.toString(), pytorch.toString())
                        .redirectErrorStream(true).redirectOutput(pythonOut.toFile()).start()
                : null;
        if (first) {
            DemoRuns.record(DemoKind.VAE_UNSTABLE, demos, 42, FAILING_VAE_SIZE, DemoRuns.dataDirectory(), null);
            DemoRuns.record(DemoKind.VAE_FIXED, demos, 42, FIXED_VAE_SIZE, DemoRuns.dataDirectory(), null);
        }

        System.setProperty(DemoRunsJob.DIRECTORY_PROPERTY, demos.toString());
        System.setProperty(DemoRunsJob.TRAIN_SAMPLES_PROPERTY, Integer.toString(DEMO_TRAIN_SAMPLES));
        try {
            Menus.click(Menus.find(shell, "File", "Open Demo Runs").orElseThrow());
            // the job is scheduled by the click; it schedules the opening jobs before it ends
            UiWait.until("the demo runs to be recorded and opened", 600_000, RealRuns::idle);
        } finally {
            System.clearProperty(DemoRunsJob.DIRECTORY_PROPERTY);
            System.clearProperty(DemoRunsJob.TRAIN_SAMPLES_PROPERTY);
        }
        for (DemoKind kind : DemoKind.values()) {
            RunManager.getInstance().find(demos.resolve(kind.directoryName()))
                    .ifPresent(run -> r.runs.put("dl4j/" + kind.directoryName(), run));
        }

        if (python != null) {
            if (!python.waitFor(600, TimeUnit.SECONDS)) {
                python.destroy();
                firstPythonLog = "timed out after 600 s";
            } else {
                firstPythonExit = python.exitValue();
                firstPythonLog = Files.readString(pythonOut, StandardCharsets.UTF_8);
            }
        } else if (first) {
            firstPythonLog = script + " does not exist";
        }
        r.pythonExit = firstPythonExit;
        r.pythonLog = firstPythonLog;
        if (r.pythonExit != 0) {
            return r;
        }
        AtomicReference<Path> next = new AtomicReference<>();
        RunLocationChooser previous = RunLocationChoosers.replace(new RunLocationChooser() {
            @Override
            public Optional<Path> chooseFile(Shell s) {
                return Optional.ofNullable(next.get());
            }

            @Override
            public Optional<Path> chooseFolder(Shell s) {
                return Optional.ofNullable(next.get());
            }
        });
        try {
            for (String name : List.of("cnn", "vae", "gan")) {
                Path trace = pytorch.resolve(name);
                next.set(trace);
                Menus.click(Menus.find(shell, "File", "Open Run Folder…").orElseThrow());
                UiWait.until("the PyTorch " + name + " run to open", 60_000,
                        () -> idle() && RunManager.getInstance().find(trace).isPresent());
                r.runs.put("pytorch/" + name, RunManager.getInstance().find(trace).orElseThrow());
            }
        } finally {
            RunLocationChoosers.replace(previous);
        }
        UiWait.settle(500); // the Runs view selects each run it is told was opened, in an async runnable
        return r;
    }

    private static boolean idle() {
        return Job.getJobManager().find(DemoRunsJob.FAMILY).length == 0
                && Job.getJobManager().find(RunOpenJob.FAMILY).length == 0;
    }

    /** A name for screenshots and messages: "dl4j-cnn", "pytorch-vae". */
    static String fileName(String key) {
        return key.replace('/', '-');
    }
}
