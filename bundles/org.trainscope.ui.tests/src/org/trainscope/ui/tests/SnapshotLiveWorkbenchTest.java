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

import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.trainscope.core.snapshot.SnapshotRequest;
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
import org.trainscope.ui.graph.SnapshotView;
import org.trainscope.ui.graph.internal.NodeFigure;

/**
 * The Snapshot view on a run that is still being written (issue 12, "Live"), as
 * {@link LiveRunWorkbenchTest} does for the overview and Training Dynamics: a writer thread
 * appends records through the trace writer API while the view shows the run at its newest
 * iteration; a poller asks {@link RunManager#refreshAll()} for new records as the live-refresh job
 * does. The view must move its window to every new iteration, with the new record in the node
 * charts, without being reopened (the same run object), and the UI thread must never block on
 * the reading (a probe thread measures {@code syncExec} round trips). No dialog, no Error Log entry.
 */
class SnapshotLiveWorkbenchTest {
    private static final int UNITS = 4096;
    private static final int FIRST_RECORDS = 5;
    private static final int RECORDS = 50;
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

    private static TraceManifest manifest() {
        return new TraceManifest("live-snapshot", "mlp", Map.of(),
                new TraceGraph(List.of(new LayerGroup("hidden", "Hidden")),
                        List.of(new GraphNode("x", TraceNodeKind.OPERATOR, "input", "hidden"),
                                new GraphNode("fc1", TraceNodeKind.OPERATOR, "dense", null, "hidden",
                                        Map.of("units", (long) UNITS)),
                                new GraphNode("fc2", TraceNodeKind.OPERATOR, "dense", null, "hidden",
                                        Map.of("units", 64L))),
                        List.of(new GraphEdge("x", "fc1"), new GraphEdge("fc1", "fc2"))),
                List.of(new TensorInfo("fc1.act", "fc1", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(UNITS), 16),
                        new TensorInfo("fc2.act", "fc2", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(64), 16)),
                List.of(new MetricInfo("loss", null)), null, List.of(), null);
    }

    /** Record r: fc1 decaying with noise and exploding in the second half; fc2 steady. */
    private static void append(TraceWriter w, int r, Random random) throws IOException {
        w.beginRecord(r * STEP);
        float[] row = new float[UNITS];
        for (int j = 0; j < UNITS; j++) {
            row[j] = (float) (Math.exp(-r / 30.0) * (1 + 0.1 * (j % 17)) + 0.05 * random.nextGaussian()
                    * (r > RECORDS / 2 ? Math.pow(2, r - RECORDS / 2) : 1));
        }
        w.putTensor("fc1.act", row);
        float[] small = new float[64];
        for (int j = 0; j < 64; j++) {
            small[j] = (float) (0.5 + 0.1 * random.nextGaussian());
        }
        w.putTensor("fc2.act", small);
        w.putMetric("loss", 2 * Math.exp(-r / 20.0) + 0.01 * random.nextGaussian());
        w.commit();
    }

    private static FlowSeries fc1(SnapshotGraphModel m) {
        return m.node("fc1").orElseThrow().values().get(0);
    }

    @Test
    void theSnapshotViewFollowsARunThatIsStillWritten() throws Exception {
        Path dir = Files.createTempDirectory("trainscope-live-snapshot").resolve("live-snapshot");
        Random random = new Random(13);
        TraceWriter writer = TraceWriter.create(dir, manifest());
        LiveWriting live = null;
        try {
            for (int r = 0; r < FIRST_RECORDS; r++) {
                append(writer, r, random);
            }
            Run run = RunFolders.open(shell, dir);
            assertTrue(run.recordingStatus().orElse("").startsWith("live"), "a live trace: " + run.recordingStatus());
            IWorkbenchPage page = window.getActivePage();
            SnapshotView view = (SnapshotView) page.showView(SnapshotView.ID);
            page.activate(view);
            UiWait.settle(300);
            view.show(run, null); // the newest iteration, following the run
            long firstLast = (FIRST_RECORDS - 1) * STEP;
            try {
                UiWait.until("the view on the first records", 120_000, () -> !view.busy() && view.model() != null
                        && view.run() == run && view.model().iteration() == firstLast);
            } catch (AssertionError e) {
                Screenshots.save(shell.getDisplay(), "snapshot-live-timeout");
                throw new AssertionError(e.getMessage() + "; the view says: " + view.statusText(), e);
            }
            SnapshotGraphModel first = view.model();
            assertEquals(FIRST_RECORDS, fc1(first).size());
            assertEquals(0, first.fromIteration());

            Display display = shell.getDisplay();
            LiveWriting started = LiveWriting.start(display, FIRST_RECORDS, RECORDS, r -> append(writer, r, random));
            live = started;

            long last = (RECORDS - 1) * STEP;
            UiWait.until("the view to show the last record", 240_000, () -> started.failure() == null && !view.busy()
                    && view.model() != null && view.model().iteration() == last);
            live.stopProbe();
            assertEquals(null, live.failure(), "the writer failed");

            SnapshotGraphModel m = view.model();
            assertSame(run, view.run(), "the same run, not reopened");
            FlowSeries s = fc1(m);
            // the window moved with the run: DEFAULT_BEFORE records before the newest, the newest current
            assertEquals(last - SnapshotRequest.DEFAULT_BEFORE * STEP, m.fromIteration());
            assertEquals(last, m.toIteration());
            assertEquals(SnapshotRequest.DEFAULT_BEFORE + 1, s.size());
            assertEquals(last, s.iteration(s.size() - 1));
            assertEquals(s.size() - 1, s.current());
            // the spread written meanwhile, doubling with every record, is seen: fc1 ranks first (its history in
            // the window grows too, so its robust z stays below the marking threshold: it is not asserted marked)
            assertEquals("fc1", m.ranking().get(0), m.ranking() + " " + view.statusText());
            assertTrue(m.node("fc1").orElseThrow().abnormality().score() > m.node("fc2").orElseThrow().abnormality()
                    .score(), view.statusText());
            NodeFigure drawn = view.canvas().figure().nodeFigures().stream().filter(f -> f.node().id().equals("fc1"))
                    .findFirst().orElseThrow();
            assertSame(m.node("fc1").orElseThrow(), drawn.node(), "the figure draws the newest model");
            assertTrue(live.roundTrips() > 10, "the probe ran: " + live.roundTrips() + " round trips");
            System.out.printf("SnapshotLiveWorkbenchTest: %d syncExec round trips, the longest %d ms; %s%n",
                    live.roundTrips(), live.longestRoundTripMillis(), view.statusText());
            assertTrue(live.longestRoundTripMillis() < BLOCKED_MILLIS, "the UI thread was blocked for "
                    + live.longestRoundTripMillis() + " ms while the view followed the run");
            UiWait.settle(500);
            Screenshots.save(display, "snapshot-live-run");
        } finally {
            if (live != null) {
                live.close();
            }
            writer.close();
        }
    }
}
