package org.trainscope.ui.demo.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;
import org.trainscope.ui.internal.open.OpenProblem;
import org.trainscope.ui.internal.open.OpenProblems;
import org.trainscope.ui.internal.open.RunOpenFeedback;
import org.trainscope.ui.internal.open.RunOpenJob;

/**
 * Gives a new user real data at once: trains and records the demo runs on Fashion-MNIST (DL4J,
 * deterministic from a seed) the first time, into {@code ~/.trainscope/demos}, then opens them.
 * Later calls open what is already recorded. Runs as a user job with progress and cancel. A demo
 * that cannot be recorded (no Fashion-MNIST, say) is listed in the Runs view with what to do; the
 * others still open. No dialog: the job ends OK, or CANCEL when cancelled.
 * <p>
 * Two system properties change where and how much (documented in docs/building.md, used by the
 * workbench tests): {@value #DIRECTORY_PROPERTY} (the folder) and {@value #TRAIN_SAMPLES_PROPERTY}
 * (training images per demo instead of {@link DemoSize#defaults()}'s 9,600).
 */
public final class DemoRunsJob extends Job {
    /** The folder the demo runs are recorded into and opened from. */
    public static final String DIRECTORY_PROPERTY = "trainscope.demoRuns.directory";
    /** Training images per demo run (smaller: faster, shorter runs). */
    public static final String TRAIN_SAMPLES_PROPERTY = "trainscope.demoRuns.trainSamples";
    /** Job family, so callers (tests) can wait for it. */
    public static final Object FAMILY = DemoRunsJob.class;
    private static final long SEED = 42;
    private final Path directory;
    private final DemoSize size;
    private final List<DemoKind> kinds;

    public DemoRunsJob(Path directory, DemoSize size, List<DemoKind> kinds) {
        super("Preparing the demo runs");
        this.directory = directory;
        this.size = size;
        this.kinds = List.copyOf(kinds);
        setUser(true);
    }

    /** Where demo runs are kept: {@value #DIRECTORY_PROPERTY}, else ~/.trainscope/demos. */
    public static Path defaultDirectory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".trainscope", "demos");
    }

    /** {@link DemoSize#defaults()}, with {@value #TRAIN_SAMPLES_PROPERTY} training images when set. */
    public static DemoSize defaultSize() {
        DemoSize d = DemoSize.defaults();
        String configured = System.getProperty(TRAIN_SAMPLES_PROPERTY);
        if (configured == null || configured.isBlank()) {
            return d;
        }
        int train;
        try {
            train = Integer.parseInt(configured.strip());
        } catch (NumberFormatException e) {
            return d; // a typo in a start option must not stop the demos
        }
        if (train < 1) {
            return d;
        }
        return new DemoSize(train, Math.min(d.testSamples(), Math.max(64, train / 4)), d.batchSize(), d.probeSize(),
                d.epochs());
    }

    @Override
    public boolean belongsTo(Object family) {
        return family == FAMILY;
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Preparing the demo runs", kinds.size() * 10);
        List<Path> ready = new ArrayList<>();
        for (DemoKind kind : kinds) {
            Path trace = directory.resolve(kind.directoryName());
            if (Files.exists(trace.resolve("manifest.json"))) {
                ready.add(trace);
                sub.worked(10);
                continue;
            }
            sub.subTask("Training and recording: " + kind.label());
            try {
                Files.createDirectories(directory);
                ready.add(DemoRuns.record(kind, directory, SEED, size, DemoRuns.dataDirectory(), sub.split(10))
                        .trace());
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            } catch (IOException | RuntimeException e) {
                report(kind, trace, e);
            }
        }
        for (Path trace : ready) {
            RunOpenFeedback.schedule(new RunOpenJob(trace));
        }
        return Status.OK_STATUS;
    }

    private static void report(DemoKind kind, Path trace, Exception e) {
        String message = kind.label() + " could not be recorded into " + trace + ":\n" + e.getMessage();
        if (e instanceof IOException && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("fashion")) {
            message += "\n\nInstall Fashion-MNIST with 'sudo apt-get install dataset-fashion-mnist' or start "
                    + "TrainScope with -D" + DemoRuns.DATA_PROPERTY + "=DIR.";
        }
        if (e instanceof RuntimeException) {
            org.eclipse.core.runtime.ILog.of(DemoRunsJob.class).error(message, e); // a bug, with its stack trace
        }
        OpenProblem problem = new OpenProblem(trace, "Demo " + kind.directoryName() + " not recorded: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), message, true);
        OpenProblems.getDefault().add(problem);
        RunOpenFeedback.showInStatusLine(problem);
    }
}
