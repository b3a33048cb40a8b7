package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TreeItem;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.credit.CreditView;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.ui.internal.navigator.RunNavigatorView;
import org.trainscope.ui.internal.navigator.RunSummary;
import org.trainscope.ui.internal.navigator.RunSummaryView;
import org.trainscope.ui.internal.open.RunLocationChooser;
import org.trainscope.ui.internal.open.RunLocationChoosers;
import org.trainscope.ui.internal.open.RunOpenJob;

/**
 * The workbench with the RNN example plug-in (examples/com.example.trainscope.rnn, a third party's
 * plug-in installed into the test runtime by this bundle's pom, not required by its manifest): an
 * Elman RNN trained in PyTorch and recorded by the PyTorch recorder opens through File > Open Run
 * Folder, shows the plug-in's model type in the Runs view and the Run Summary, and the Neuron
 * Credit view explains one of its neurons through the plug-in's {@code rnn} operator, with no
 * dialog and no Error Log entry.
 */
class RnnExampleWorkbenchTest {
    static final String SCRIPT = "../../examples/com.example.trainscope.rnn.tests/scripts/record_rnn_run.py";
    private static final String TYPE_NAME = "Recurrent network (unrolled)";
    @RegisterExtension
    static final WorkbenchSession session = WorkbenchSession.checkedAtTheEnd(1400, 900);
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static Run run;

    @BeforeAll
    static void recordAndOpenAnRnnRun() throws Exception {
        window = session.window();
        shell = session.shell();
        Path root = Files.createTempDirectory("trainscope-rnn-example");
        Path trace = root.resolve("elman-rnn");
        Path log = root.resolve("record.log");
        Process python = new ProcessBuilder("/usr/bin/python3", Path.of(SCRIPT).toAbsolutePath().normalize().toString(),
                trace.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(python.waitFor(300, TimeUnit.SECONDS), "the RNN run was not recorded within 300 s");
        assertEquals(0, python.exitValue(), Files.readString(log, StandardCharsets.UTF_8));

        RunLocationChooser previous = RunLocationChoosers.replace(new RunLocationChooser() {
            @Override
            public Optional<Path> chooseFile(Shell s) {
                return Optional.of(trace);
            }

            @Override
            public Optional<Path> chooseFolder(Shell s) {
                return Optional.of(trace);
            }
        });
        try {
            Menus.click(Menus.find(shell, "File", "Open Run Folder…").orElseThrow());
            UiWait.until("the RNN run to open", 60_000, () -> Job.getJobManager().find(RunOpenJob.FAMILY).length == 0
                    && RunManager.getInstance().find(trace).isPresent());
        } finally {
            RunLocationChoosers.replace(previous);
        }
        run = RunManager.getInstance().find(trace).orElseThrow();
        UiWait.settle(500);
    }

    @Test
    void theRunShowsThePluginsModelTypeAndOneOfItsNeuronsIsExplained() throws Exception {
        assertEquals("rnn", run.modelTypeId());
        RunNavigatorView navigator = (RunNavigatorView) page().findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        TreeItem item = List.of(navigator.viewer().getTree().getItems()).stream().filter(i -> i.getData() == run)
                .findFirst().orElseThrow(() -> new AssertionError("the Runs view does not list the run"));
        assertTrue(item.getText().contains("[" + TYPE_NAME + "]"), item.getText());

        navigator.viewer().setSelection(new StructuredSelection(run), true);
        RunSummaryView summary = (RunSummaryView) page().findView(TrainScopeUi.RUN_SUMMARY_VIEW_ID);
        UiWait.until("the summary of the RNN run", 10_000, () -> summary.shownRun() == run);
        assertTrue(RunSummary.of(run).contains(new RunSummary.Row("Model type", TYPE_NAME, false)),
                RunSummary.of(run)::toString);

        CreditView view = CreditViewDriver.exercise(page(), run);
        CreditGraph graph = view.currentGraph();
        assertTrue(graph.layerIds().contains("rnn"), "the plug-in's operator passes credit: " + graph.layerIds());
        assertTrue(graph.layerIds().contains("input"), "relevance reaches the sequence: " + graph.layerIds());
        Screenshots.save(shell.getDisplay(), "rnn-example-credit");
    }

    private static IWorkbenchPage page() {
        return window.getActivePage();
    }
}
