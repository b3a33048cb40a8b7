package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.algorithms.sampling.provider.MetricOverviewModel;
import org.trainscope.algorithms.sampling.provider.MetricOverviewPainter;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.runs.RunManager;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.AnomalyFinder;
import org.trainscope.core.summary.AnomalyKind;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.credit.CreditView;
import org.trainscope.ui.internal.navigator.RunNavigatorView;
import org.trainscope.ui.internal.open.RunLocationChooser;
import org.trainscope.ui.internal.open.RunLocationChoosers;
import org.trainscope.ui.overview.TrainingOverviewView;

/**
 * The Training Overview on the failing and the fixed demo VAE together (recorded small from real
 * Fashion-MNIST at the sizes {@link RealRuns} uses, opened with File > Open Run Folder, selected in
 * the Runs view): two series drawn in two colours, the unstable VAE's infinite loss listed at the
 * iteration {@link AnomalyFinder} reports, and clicking it (or the chart) sets the current
 * iteration, which Neuron Credit's iteration slider follows. No dialog, no Error Log entry; a
 * screenshot goes to target/screenshots/overview-vae.png.
 */
class OverviewWorkbenchTest {
    @RegisterExtension
    static final WorkbenchSession session = WorkbenchSession.checkedAtTheEnd(1400, 900);
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static Run unstable;
    private static Run fixed;

    @BeforeAll
    static void recordAndOpenBothVaes() throws Exception {
        window = session.window();
        shell = session.shell();
        Path root = Files.createTempDirectory("trainscope-overview");
        Path failing = DemoRuns.record(DemoKind.VAE_UNSTABLE, root, 42, RealRuns.FAILING_VAE_SIZE,
                DemoRuns.dataDirectory(), null).trace();
        Path working = DemoRuns.record(DemoKind.VAE_FIXED, root, 42, RealRuns.FIXED_VAE_SIZE,
                DemoRuns.dataDirectory(), null).trace();
        unstable = open(failing);
        fixed = open(working);
        UiWait.settle(500); // the Runs view selects each run it is told was opened, in an async runnable
    }

    /** Opens a trace folder as a user does, with File > Open Run Folder. */
    private static Run open(Path trace) {
        AtomicReference<Path> next = new AtomicReference<>(trace);
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
            Menus.click(Menus.find(shell, "File", "Open Run Folder…").orElseThrow());
            UiWait.until(trace + " to open", 60_000, () -> RunManager.getInstance().find(trace).isPresent());
            return RunManager.getInstance().find(trace).orElseThrow();
        } finally {
            RunLocationChoosers.replace(previous);
        }
    }

    @Test
    void bothVaesOverlaidTheInfiniteLossListedAndClickingItSetsTheCurrentIteration() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        CreditView credit = (CreditView) page.showView(CreditView.ID);
        TensorSeries activation = unstable.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .findFirst().orElseThrow();
        credit.showSelection(new StructuredSelection(activation));
        TrainingOverviewView view = (TrainingOverviewView) page.showView(TrainingOverviewView.ID);
        RunNavigatorView navigator = (RunNavigatorView) page.findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        navigator.viewer().setSelection(new StructuredSelection(List.of(unstable, fixed)), true);
        try {
            UiWait.until("the overview of both runs", 120_000, () -> !view.busy() && view.currentModel() != null
                    && view.currentModel().request().runs().size() == 2);
        } catch (AssertionError e) {
            Screenshots.save(shell.getDisplay(), "overview-vae-timeout");
            throw new AssertionError(e.getMessage() + "; the view says: " + view.statusText() + "; content: "
                    + view.getContentDescription(), e);
        }
        MetricOverviewModel model = view.currentModel();
        assertTrue(model.axis().symlog(), "a log scale first: the failing loss climbs by tens of decades");

        // two series, each in its own colour on the screen
        assertEquals(2, model.series().size(), view.statusText());
        assertTrue(model.series(unstable, "loss").isPresent() && model.series(fixed, "loss").isPresent());
        ImageData pixels = grab(view.canvas());
        for (MetricOverviewModel.Series s : model.series()) {
            int rgb = MetricOverviewPainter.colour(model, s);
            assertTrue(count(pixels, rgb) > 50, s.run().name() + "'s line (" + Integer.toHexString(rgb)
                    + ") is drawn: " + count(pixels, rgb) + " pixels");
        }

        // the unstable VAE's non-finite loss, listed at the iteration AnomalyFinder reports
        Anomaly infinite = new AnomalyFinder().inMetrics(unstable.metrics()).stream()
                .filter(a -> a.kind() == AnomalyKind.NON_FINITE_METRIC && a.subject().equals("loss")).findFirst()
                .orElseThrow(() -> new AssertionError("vae-unstable's loss must turn NaN/Inf"));
        Table table = view.anomalyTable();
        int row = -1;
        for (int i = 0; i < table.getItemCount(); i++) {
            if (view.listedAnomaly(i).run() == unstable && view.listedAnomaly(i).anomaly().equals(infinite)) {
                row = i;
            }
        }
        assertTrue(row >= 0, "the non-finite loss is listed: " + infinite);
        assertEquals(Long.toString(infinite.iteration()), table.getItem(row).getText(0));
        assertEquals("non-finite-metric", table.getItem(row).getText(1));
        assertEquals("loss", table.getItem(row).getText(2));
        assertEquals(unstable.name(), table.getItem(row).getText(4));
        assertTrue(model.series(fixed, "loss").orElseThrow().firstNonFiniteColumn() < 0, "the fixed VAE stays finite");
        assertEquals(model.columnOf(infinite.iteration()),
                model.series(unstable, "loss").orElseThrow().firstNonFiniteColumn());

        // clicking it makes it the current snapshot; Neuron Credit follows with the weights at or before it
        table.setSelection(row);
        table.notifyListeners(SWT.Selection, new Event());
        UiWait.settle(300);
        CurrentIteration.Snapshot now = CurrentIteration.getInstance().get().orElseThrow();
        assertEquals(unstable, now.run());
        assertEquals(infinite.iteration(), now.iteration());
        long[] weights = RunParameterSource.parameterIterations(unstable);
        long expected = weights[0];
        for (long w : weights) {
            expected = w <= infinite.iteration() ? w : expected;
        }
        assertEquals(expected, credit.explainedIteration(), "Neuron Credit's slider follows the current iteration");
        page.activate(view);
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "overview-vae");

        // a click on the chart picks the iteration under the pointer, on the model drawn now (a
        // resize since, e.g. a part moved by an earlier test, recomputes it for the new width)
        UiWait.until("the overview to settle", 60_000, () -> !view.busy() && view.currentModel() != null);
        MetricOverviewModel drawn = view.currentModel();
        int column = drawn.width() / 3;
        mouse(view.canvas(), SWT.MouseUp, MetricOverviewPainter.LEFT + column, MetricOverviewPainter.TOP + 20, 0);
        assertEquals(drawn.iterationAt(column), CurrentIteration.getInstance().get().orElseThrow().iteration());

        // the wheel zooms the iterations around the pointer
        long span = drawn.to() - drawn.from();
        mouse(view.canvas(), SWT.MouseVerticalWheel, MetricOverviewPainter.LEFT + drawn.width() / 2,
                MetricOverviewPainter.TOP + 20, 3);
        UiWait.until("the zoomed overview", 60_000, () -> !view.busy() && view.currentModel() != drawn);
        assertTrue(view.currentModel().to() - view.currentModel().from() < span, "zoomed in");
        view.setLogScale(false);
        UiWait.until("the linear overview", 60_000, () -> !view.busy() && !view.currentModel().axis().symlog());
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "overview-vae-linear-zoomed");
    }

    private static void mouse(Canvas canvas, int type, int x, int y, int count) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = type == SWT.MouseUp ? 1 : 0;
        e.count = count;
        canvas.notifyListeners(type, e);
    }

    private static ImageData grab(Canvas canvas) {
        UiWait.settle(300);
        Point size = canvas.getSize();
        Image image = new Image(canvas.getDisplay(), size.x, size.y);
        GC gc = new GC(canvas);
        try {
            gc.copyArea(image, 0, 0);
            return image.getImageData();
        } finally {
            gc.dispose();
            image.dispose();
        }
    }

    private static int count(ImageData data, int rgb) {
        int n = 0;
        for (int y = 0; y < data.height; y++) {
            for (int x = 0; x < data.width; x++) {
                org.eclipse.swt.graphics.RGB c = data.palette.getRGB(data.getPixel(x, y));
                int v = (c.red << 16) | (c.green << 8) | c.blue;
                n += v == rgb ? 1 : 0;
            }
        }
        return n;
    }
}
