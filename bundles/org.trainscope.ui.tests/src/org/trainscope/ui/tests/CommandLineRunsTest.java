package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.core.runs.RunManager;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;
import org.trainscope.ui.internal.open.CommandLineRuns;
import org.trainscope.ui.internal.open.OpenProblem;
import org.trainscope.ui.internal.open.OpenProblems;
import org.trainscope.ui.internal.open.RunOpenJob;

/** {@code trainscope RUN...}: the runs named on the command line open, the Eclipse options do not. */
class CommandLineRunsTest {
    @TempDir
    Path dir;

    @Test
    void runsAreTheArgumentsThatAreNotOptionsOrTheirValues() {
        Path cwd = Path.of("/home/u/work");
        assertEquals(List.of(cwd.resolve("runs/mlp"), Path.of("/abs/vae")),
                CommandLineRuns.runs(new String[] {"-name", "TrainScope", "-data", "/ws", "-clean", "runs/mlp",
                        "/abs/vae", "-vmargs", "-Xmx1g", "not-a-run"}, cwd));
        assertEquals(List.of(cwd.resolve("a")), CommandLineRuns.runs(new String[] {"-consoleLog", "./x/../a"}, cwd));
        // options a launcher or test harness adds, with their values, are not runs
        assertEquals(List.of(), CommandLineRuns.runs(new String[] {"-testproperties", "target/surefire.properties",
                "-testApplication", "org.trainscope.ui.application", "-product", "org.trainscope.ui.product"}, cwd));
        assertEquals(List.of(cwd.resolve("-odd-name"), cwd.resolve("b")),
                CommandLineRuns.runs(new String[] {"-someFlag", "--", "-odd-name", "b"}, cwd));
        assertEquals(List.of(), CommandLineRuns.runs(new String[0], cwd));
        assertEquals(List.of(), CommandLineRuns.runs(null, cwd));
    }

    @Test
    void aRecordedRunAndAMissingOneOpenAsFromTheMenu() throws IOException {
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        DialogGuard dialogs = new DialogGuard(shell.getDisplay(), shell);
        ErrorLogGuard log = new ErrorLogGuard();
        dialogs.start();
        log.start();
        try {
            Path run = DemoRuns.record(DemoKind.MLP, dir, 7, new DemoSize(256, 64, 64, 4, 1), DemoRuns.dataDirectory(),
                    null).trace();
            Path missing = dir.resolve("no-such-run");
            List<Path> opened = CommandLineRuns.open(new String[] {run.toString(), "-clean", missing.toString()});
            assertEquals(List.of(run, missing), opened);
            UiWait.until("the command-line runs to open", 60_000,
                    () -> Job.getJobManager().find(RunOpenJob.FAMILY).length == 0);
            UiWait.settle(300);
            assertTrue(RunManager.getInstance().find(run).isPresent(), "the recorded run is open");
            List<OpenProblem> problems = OpenProblems.getDefault().all();
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).message().contains("no-such-run"), problems.toString());
            assertEquals(List.of(), dialogs.takeSeen());
            assertEquals(List.of(), log.takeEntries());
        } finally {
            OpenProblems.getDefault().all().forEach(OpenProblems.getDefault()::dismiss);
            RunManager.getInstance().closeAll();
            dialogs.stop();
            log.stop();
        }
    }
}
