package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.e4.ui.model.application.ui.MElementContainer;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.dynamics.TrainingDynamicsView;
import org.trainscope.ui.overview.TrainingOverviewView;

/**
 * A run that is still being written (issue 12, "Live"): a writer thread appends records to a trace
 * through the trace writer API (the trace stays live: no end in its journal) while the Training
 * Overview and Training Dynamics show it; a poller asks {@link RunManager#refreshAll()} for new
 * records as the workbench's live-refresh job does. Both views must show every new iteration
 * without being reopened (the same run and tensor objects), and the UI thread must never block
 * on the reading: a probe thread measures {@code syncExec} round trips meanwhile. No dialog, no
 * Error Log entry.
 */
class LiveRunWorkbenchTest {
    /** A layer wide enough that reading and sampling it takes the jobs a noticeable time. */
    private static final int UNITS = 4096;
    private static final int FIRST_RECORDS = 5;
    private static final int RECORDS = 60;
    private static final long STEP = 10;
    /** A round trip this long means the UI thread was busy with work that belongs in a job. */
    private static final long BLOCKED_MILLIS = 2000;
    @RegisterExtension
    static final WorkbenchSession session = WorkbenchSession.checkedAtTheEnd(1400, 900);
    private static IWorkbenchWindow window;
    private static Shell shell;

    @BeforeAll
    static void start() {
        window = session.window();
        shell = session.shell();
    }

    @AfterAll
    static void closeEverything() {
        putBack(); // the next test class finds the views where they were
    }

    private static TraceManifest manifest() {
        return new TraceManifest("live", "mlp", Map.of(),
                new TraceGraph(List.of(new LayerGroup("hidden", "Hidden")),
                        List.of(new GraphNode("x", TraceNodeKind.OPERATOR, "input", "hidden"),
                                new GraphNode("fc1", TraceNodeKind.OPERATOR, "dense", null, "hidden",
                                        Map.of("units", (long) UNITS))),
                        List.of(new GraphEdge("x", "fc1"))),
                List.of(new TensorInfo("fc1.act", "fc1", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(UNITS), 16)),
                List.of(new MetricInfo("loss", null)), null, List.of(), null);
    }

    /** Record r: units decaying with noise, a few of them diverging in the second half; the loss decaying. */
    private static void append(TraceWriter w, int r, Random random) throws IOException {
        w.beginRecord(r * STEP);
        float[] row = new float[UNITS];
        for (int j = 0; j < UNITS; j++) {
            row[j] = (float) (Math.exp(-r / 30.0) * (1 + 0.1 * (j % 17)) + 0.05 * random.nextGaussian()
                    + (j < 8 && r > RECORDS / 2 ? 0.2 * (r - RECORDS / 2) : 0));
        }
        w.putTensor("fc1.act", row);
        w.putMetric("loss", 2 * Math.exp(-r / 20.0) + 0.01 * random.nextGaussian());
        w.commit();
    }

    /**
     * The two views share a stack in the perspective, where only one is visible (a hidden view
     * computes when it is shown): the overview moves into the Runs view's stack, so both are on
     * the screen at once, as a user arranges them to watch a run. {@link #putBack()} undoes it.
     */
    private static void sideBySide(TrainingOverviewView overview) {
        EModelService models = window.getService(EModelService.class);
        MPart part = overview.getSite().getService(MPart.class);
        MPart runs = window.getActivePage().findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID).getSite()
                .getService(MPart.class);
        moved = part.getCurSharedRef() != null ? part.getCurSharedRef() : part;
        runsElement = runs.getCurSharedRef() != null ? runs.getCurSharedRef() : runs;
        movedFrom = container(moved);
        movedIndex = movedFrom.getChildren().indexOf(moved);
        MElementContainer<MUIElement> stack = container(runsElement);
        models.move(moved, stack);
        stack.setSelectedElement(moved);
        window.getActivePage().bringToTop(overview);
        UiWait.settle(300);
    }

    private static MUIElement moved;
    private static MUIElement runsElement;
    private static MElementContainer<MUIElement> movedFrom;
    private static int movedIndex;

    @SuppressWarnings("unchecked")
    private static MElementContainer<MUIElement> container(MUIElement e) {
        return (MElementContainer<MUIElement>) (MElementContainer<?>) e.getParent();
    }

    /** The overview back in its own stack, the Runs view shown in its stack again. */
    private static void putBack() {
        if (moved == null) {
            return;
        }
        EModelService models = window.getService(EModelService.class);
        models.move(moved, movedFrom, Math.min(movedIndex, movedFrom.getChildren().size()));
        container(runsElement).setSelectedElement(runsElement);
        moved = null;
        UiWait.settle(300);
    }

    @Test
    void theOverviewAndTrainingDynamicsFollowARunThatIsStillWritten() throws Exception {
        Path dir = Files.createTempDirectory("trainscope-live").resolve("live");
        Random random = new Random(11);
        TraceWriter writer = TraceWriter.create(dir, manifest());
        LiveWriting live = null;
        try {
            for (int r = 0; r < FIRST_RECORDS; r++) {
                append(writer, r, random);
            }
            Run run = RunFolders.open(shell, dir);
            assertTrue(run.recordingStatus().orElse("").startsWith("live"), "a live trace: " + run.recordingStatus());
            TensorSeries tensor = run.tensor("fc1.act").orElseThrow();
            IWorkbenchPage page = window.getActivePage();
            TrainingOverviewView overview = (TrainingOverviewView) page.showView(TrainingOverviewView.ID);
            TrainingDynamicsView dynamics = (TrainingDynamicsView) page.showView(TrainingDynamicsView.ID);
            sideBySide(overview);
            page.activate(dynamics);
            overview.showRuns(List.of(run));
            dynamics.show(tensor);
            try {
                UiWait.until("both views on the first records", 120_000, () -> !overview.busy() && !dynamics.busy()
                        && overview.currentModel() != null && dynamics.currentChart() != null);
            } catch (AssertionError e) {
                Screenshots.save(shell.getDisplay(), "live-run-timeout");
                throw new AssertionError(e.getMessage() + "; the overview says: " + overview.statusText()
                        + "; Training Dynamics says: " + dynamics.statusText(), e);
            }
            assertEquals((FIRST_RECORDS - 1) * STEP, overview.currentModel().to());
            assertEquals(FIRST_RECORDS, dynamics.currentChart().length());

            Display display = shell.getDisplay();
            LiveWriting started = LiveWriting.start(display, FIRST_RECORDS, RECORDS, r -> append(writer, r, random));
            live = started;

            long last = (RECORDS - 1) * STEP;
            UiWait.until("the views to show every record", 240_000, () -> started.failure() == null
                    && !overview.busy() && !dynamics.busy() && overview.currentModel() != null
                    && overview.currentModel().to() == last && dynamics.currentChart() != null
                    && dynamics.currentChart().length() == RECORDS);
            live.stopProbe();
            assertEquals(null, live.failure(), "the writer failed");

            MetricOverviewModel model = overview.currentModel();
            assertSame(run, model.request().runs().get(0), "the same run, not reopened");
            assertEquals(RECORDS, model.series().get(0).points());
            DynamicsChartModel chart = dynamics.currentChart();
            assertSame(tensor, chart.request().tensor(), "the same tensor, not reopened");
            assertEquals(last, chart.iteration(RECORDS - 1));
            assertEquals(0, chart.request().fromRecord());
            assertTrue(live.roundTrips() > 10, "the probe ran: " + live.roundTrips() + " round trips");
            System.out.printf("LiveRunWorkbenchTest: %d syncExec round trips, the longest %d ms%n", live.roundTrips(),
                    live.longestRoundTripMillis());
            assertTrue(live.longestRoundTripMillis() < BLOCKED_MILLIS, "the UI thread was blocked for "
                    + live.longestRoundTripMillis() + " ms while the views followed the run");
            UiWait.settle(500);
            Screenshots.save(display, "live-run");
        } finally {
            if (live != null) {
                live.close();
            }
            writer.close();
        }
    }
}
