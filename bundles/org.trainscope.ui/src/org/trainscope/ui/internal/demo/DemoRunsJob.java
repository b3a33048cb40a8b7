package org.trainscope.ui.internal.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.MultiStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.open.RunOpenFeedback;
import org.trainscope.ui.internal.open.RunOpenJob;

/**
 * Gives a new user real data at once: trains and records the demo runs on Fashion-MNIST (DL4J,
 * deterministic from a seed) the first time, into {@code ~/.trainscope/demos}, then opens them.
 * Later calls open what is already recorded. Runs as a user job with progress and cancel.
 */
public final class DemoRunsJob extends Job {
    private static final long SEED = 42;
    private final Path directory;
    private final List<DemoKind> kinds;

    public DemoRunsJob(Path directory, List<DemoKind> kinds) {
        super("Preparing the demo runs");
        this.directory = directory;
        this.kinds = List.copyOf(kinds);
        setUser(true);
    }

    /** Where demo runs are kept: ~/.trainscope/demos. */
    public static Path defaultDirectory() {
        return Path.of(System.getProperty("user.home"), ".trainscope", "demos");
    }

    @Override
    protected IStatus run(IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Preparing the demo runs", kinds.size() * 10);
        MultiStatus problems = new MultiStatus(TrainScopeUi.PLUGIN_ID, 0, "Some demo runs could not be recorded");
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
                ready.add(DemoRuns.record(kind, directory, SEED, sub.split(10)).trace());
            } catch (OperationCanceledException e) {
                return Status.CANCEL_STATUS;
            } catch (IOException e) {
                problems.add(new Status(IStatus.ERROR, TrainScopeUi.PLUGIN_ID, kind.label() + ": " + e.getMessage()
                        + (e.getMessage() != null && e.getMessage().contains("fashion") ? "\nInstall Fashion-MNIST "
                                + "with 'sudo apt-get install dataset-fashion-mnist' or start TrainScope with "
                                + "-D" + DemoRuns.DATA_PROPERTY + "=DIR." : ""), e));
            }
        }
        for (Path trace : ready) {
            RunOpenFeedback.schedule(new RunOpenJob(trace));
        }
        return problems.isOK() ? Status.OK_STATUS : problems;
    }
}
