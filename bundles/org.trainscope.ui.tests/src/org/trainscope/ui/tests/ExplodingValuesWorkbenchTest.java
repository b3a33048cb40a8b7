package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
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
import org.trainscope.ui.dynamics.TrainingDynamicsView;

/**
 * A few exploding neurons among thousands (the 60 M trace of issue 16 has some reaching 10^38): on a
 * linear axis their range squashes every other polyline into one flat line. Training Dynamics opens
 * such a tensor on the log scale and says why; the user's own choice of scale for it stands; a tensor
 * shown next goes back to the linear scale the user had. No dialog, no Error Log entry.
 */
class ExplodingValuesWorkbenchTest {
    private static final long TIMEOUT = 120_000;
    private static final int UNITS = 3000;
    private static final int RECORDS = 30;
    @RegisterExtension
    static final WorkbenchSession session = WorkbenchSession.checkedAfterEachTest(1400, 900);
    private static Shell shell;
    private static Run run;

    @BeforeAll
    static void writeAndOpen() throws IOException {
        shell = session.shell();
        Path dir = Files.createTempDirectory("trainscope-exploding").resolve("exploding");
        try (TraceWriter w = TraceWriter.create(dir, manifest())) {
            Random random = new Random(5);
            for (int r = 0; r < RECORDS; r++) {
                w.beginRecord(10L * r);
                float[] fc1 = new float[UNITS];
                float[] fc2 = new float[UNITS];
                for (int j = 0; j < UNITS; j++) {
                    double smooth = Math.sin(j * 0.01 + r * 0.2);
                    fc1[j] = (float) (smooth + 0.1 * random.nextGaussian());
                    fc2[j] = (float) (smooth + 0.1 * random.nextGaussian());
                }
                // three units of fc1 explode from record 10 on, to about 10^30 at the end
                for (int j : new int[] { 17, 1234, 2900 }) {
                    fc1[j] = r < 10 ? fc1[j] : (float) Math.pow(10, 1.5 * (r - 10));
                }
                w.putTensor("fc1.act", fc1);
                w.putTensor("fc2.act", fc2);
                w.putMetric("loss", 1.0 / (1 + r));
                w.commit();
            }
        }
        run = RunFolders.open(shell, dir);
    }

    private static TraceManifest manifest() {
        return new TraceManifest("exploding", "mlp", Map.of(),
                new TraceGraph(List.of(new LayerGroup("hidden", "Hidden")),
                        List.of(new GraphNode("fc1", TraceNodeKind.OPERATOR, "dense", "hidden"),
                                new GraphNode("fc2", TraceNodeKind.OPERATOR, "dense", "hidden")),
                        List.of(new GraphEdge("fc1", "fc2"))),
                List.of(new TensorInfo("fc1.act", "fc1", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(UNITS), 16),
                        new TensorInfo("fc2.act", "fc2", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(UNITS), 16)),
                List.of(new MetricInfo("loss", null)), null, List.of(), null);
    }

    private static DynamicsChartModel chart(TrainingDynamicsView view, TensorSeries t, String what,
            Predicate<DynamicsChartModel> done) {
        try {
            UiWait.until(what, TIMEOUT, () -> !view.busy() && view.currentChart() != null
                    && view.currentChart().request().tensor() == t && !view.currentChart().isPreview()
                    && done.test(view.currentChart()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the view says: " + view.statusText(), e);
        }
        return view.currentChart();
    }

    @Test
    void aTensorWhoseExplosionSquashesTheBulkOpensOnTheLogScale() throws Exception {
        IWorkbenchPage page = session.window().getActivePage();
        TrainingDynamicsView view = (TrainingDynamicsView) page.showView(TrainingDynamicsView.ID);
        page.activate(view);
        UiWait.settle(300);
        TensorSeries fc1 = run.tensor("fc1.act").orElseThrow();
        TensorSeries fc2 = run.tensor("fc2.act").orElseThrow();

        view.show(fc1);
        chart(view, fc1, "fc1 on the log scale", c -> c.request().symlog());
        assertTrue(view.logScale().getSelection(), "the check box says so");
        assertTrue(view.statusText().startsWith("Log scale chosen"), view.statusText());
        UiWait.settle(500);
        chart(view, fc1, "fc1 on the log scale, settled", c -> c.request().symlog());
        Screenshots.save(shell.getDisplay(), "dynamics-exploding-log");

        // the next tensor, whose values are all alike, is back on the linear scale the user had
        view.show(fc2);
        DynamicsChartModel steady = chart(view, fc2, "fc2 on the linear scale", c -> !c.request().symlog());
        assertFalse(steady.squashesBulk(), "fc2 has no explosion");
        assertFalse(view.logScale().getSelection());

        // back to fc1: chosen again; the user unchecks it, and the linear chart stays
        view.show(fc1);
        chart(view, fc1, "fc1 on the log scale again", c -> c.request().symlog());
        view.logScale().setSelection(false);
        view.logScale().notifyListeners(SWT.Selection, new Event());
        DynamicsChartModel linear = chart(view, fc1, "fc1 on the linear scale the user chose",
                c -> !c.request().symlog());
        assertTrue(linear.squashesBulk(), "the linear axis is set by the explosion");
        UiWait.settle(1500);
        assertFalse(view.logScale().getSelection(), "the user's choice stands");
        assertFalse(view.currentChart().request().symlog());
        assertFalse(view.statusText().startsWith("Log scale chosen"), view.statusText());
    }
}
