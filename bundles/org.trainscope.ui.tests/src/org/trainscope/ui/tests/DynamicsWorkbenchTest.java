package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.NeuronGroup;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.navigator.RunNavigatorView;
import org.trainscope.ui.dynamics.DynamicsCanvas;
import org.trainscope.ui.dynamics.TrainingDynamicsView;
import org.trainscope.ui.overview.TrainingOverviewView;

/**
 * Training Dynamics on the failing and the fixed demo VAE (recorded small from real Fashion-MNIST
 * at the sizes {@link RealRuns} uses, opened with File > Open Run Folder): the anomalous neuron
 * groups listed beside the chart (one of them the polylines that turn NaN first), selecting one
 * publishes its units; the current snapshot drawn as a black line, followed when it leaves the
 * zoomed range, and set by a click on the iteration axis; the two runs compared in two panels on
 * one value axis. No dialog, no Error Log entry. Screenshots: dynamics-vae-groups.png,
 * dynamics-vae-two-runs.png, overview-vae-two-runs.png.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DynamicsWorkbenchTest {
    private static final long TIMEOUT = 180_000;
    @RegisterExtension
    static final WorkbenchSession session = WorkbenchSession.checkedAfterEachTest(1500, 950);
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static Run unstable;
    private static Run fixed;
    private static TensorSeries activation;

    @BeforeAll
    static void recordAndOpenBothVaes() throws Exception {
        window = session.window();
        shell = session.shell();
        Path root = Files.createTempDirectory("trainscope-dynamics");
        unstable = open(DemoRuns.record(DemoKind.VAE_UNSTABLE, root, 42, RealRuns.FAILING_VAE_SIZE,
                DemoRuns.dataDirectory(), null).trace());
        fixed = open(DemoRuns.record(DemoKind.VAE_FIXED, root, 42, RealRuns.FIXED_VAE_SIZE,
                DemoRuns.dataDirectory(), null).trace());
        activation = unstable.tensor("e0.leakyrelu.act").orElseGet(() -> unstable.tensors().stream()
                .filter(t -> t.kind() == TensorKind.ACTIVATION).findFirst().orElseThrow());
        UiWait.settle(500);
    }

    private static Run open(Path trace) {
        return RunFolders.open(shell, trace);
    }

    private static IWorkbenchPage page() {
        return window.getActivePage();
    }

    /** The Runs view, its tree expanded (a tensor is selected only where its item exists). */
    private static RunNavigatorView navigator() {
        RunNavigatorView navigator = (RunNavigatorView) page().findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        navigator.viewer().expandAll();
        return navigator;
    }

    private static DynamicsChartModel waitForChart(TrainingDynamicsView view, String what,
            java.util.function.Predicate<DynamicsChartModel> done) {
        try {
            UiWait.until(what, TIMEOUT, () -> !view.busy() && view.currentChart() != null
                    && done.test(view.currentChart()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the view says: " + view.statusText(), e);
        }
        return view.currentChart();
    }

    @Test
    @Order(1)
    void theAnomalousGroupsAreListedAndTheFirstToTurnNaNAreOneOfThem() throws Exception {
        TrainingDynamicsView view = (TrainingDynamicsView) page().showView(TrainingDynamicsView.ID);
        navigator().viewer().setSelection(new StructuredSelection(activation), true);
        DynamicsChartModel chart = waitForChart(view, "the chart of " + activation.id(),
                c -> c.request().tensor() == activation);
        List<NeuronGroup> groups = view.listedGroups();
        assertEquals(chart.groups(), groups, "the view lists the provider's groups");
        assertEquals(groups.size(), view.groupTable().getItemCount());
        assertFalse(groups.isEmpty(), "vae-unstable's activations have anomalous groups: " + view.statusText());

        // the earliest failure among the sampled polylines is one group, named by kind and iteration
        int first = Integer.MAX_VALUE;
        for (int i = 0; i < chart.sampled().length; i++) {
            if (chart.onset(i) >= 0) {
                first = Math.min(first, chart.onset(i));
            }
        }
        assertTrue(first < Integer.MAX_VALUE, "the failing VAE's sampled activations turn NaN/Inf");
        long failing = chart.iteration(first);
        int row = -1;
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i).pattern().nonFinite() && groups.get(i).iteration() == failing) {
                row = i;
                break;
            }
        }
        assertTrue(row >= 0, "a group fails at iteration " + failing + ": " + groups);
        NeuronGroup failingGroup = groups.get(row);
        for (int i = 0; i < chart.sampled().length; i++) {
            if (chart.onset(i) == first) {
                int polyline = chart.sampled()[i];
                assertTrue(java.util.Arrays.stream(failingGroup.polylines()).anyMatch(p -> p == polyline),
                        chart.describe(polyline) + " fails first but is not in " + failingGroup);
            }
        }
        assertTrue(view.groupTable().getItem(row).getText(0).endsWith("from it. " + failing),
                view.groupTable().getItem(row).getText(0));

        // selecting it publishes its units for Neuron Credit
        view.groupTable().setSelection(row);
        view.groupTable().notifyListeners(SWT.Selection, new Event());
        int[] expected = chart.request().grouping().units(failingGroup.polylines(), chart.request().layout());
        UiWait.until("the group's units published", 60_000, () -> selectedUnits(view) != null
                && java.util.Arrays.equals(selectedUnits(view).units(), expected));
        NeuronSelection published = selectedUnits(view);
        assertSame(unstable, published.run());
        assertSame(activation, published.tensor());
        CurrentIteration.getInstance().set(unstable, chart.iteration(chart.length() / 2), null);
        page().activate(view);
        UiWait.settle(500);
        waitForChart(view, "the chart after the layout settled", c -> c.request().tensor() == activation);
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "dynamics-vae-groups");
    }

    private static NeuronSelection selectedUnits(TrainingDynamicsView view) {
        if (view.getSite().getSelectionProvider().getSelection() instanceof IStructuredSelection s
                && s.getFirstElement() instanceof NeuronSelection n) {
            return n;
        }
        return null;
    }

    @Test
    @Order(2)
    void theCurrentSnapshotIsALineTheChartFollowsAndAClickOnTheAxisSetsIt() throws Exception {
        TrainingDynamicsView view = (TrainingDynamicsView) page().showView(TrainingDynamicsView.ID);
        navigator().viewer().setSelection(new StructuredSelection(activation), true);
        DynamicsChartModel chart = waitForChart(view, "the chart of " + activation.id(),
                c -> c.request().tensor() == activation && c.request().fromRecord() == 0
                        && c.request().toRecord() == activation.iterationCount());
        long middle = chart.iteration(chart.length() / 2);
        CurrentIteration.getInstance().set(unstable, middle, null);
        UiWait.settle(300);
        int column = chart.columnAtIteration(middle);
        assertTrue(column >= 0);
        ImageData pixels = grab(view.canvas());
        int black = 0;
        for (int y = DynamicsCanvas.TOP; y < DynamicsCanvas.TOP + chart.height(); y++) {
            org.eclipse.swt.graphics.RGB c = pixels.palette.getRGB(pixels.getPixel(DynamicsCanvas.LEFT + column, y));
            black += c.red + c.green + c.blue == 0 ? 1 : 0;
        }
        assertTrue(black > chart.height() / 2, "a black line at the current iteration: " + black + " of "
                + chart.height() + " pixels");

        // a click on the iteration axis under the plot makes the iteration there current
        int point = chart.length() / 4;
        int x = DynamicsCanvas.LEFT + chart.columnOf(point);
        int y = DynamicsCanvas.TOP + chart.height() + 8;
        mouse(view.canvas(), SWT.MouseDown, x, y, 0);
        mouse(view.canvas(), SWT.MouseUp, x, y, 0);
        CurrentIteration.Snapshot now = CurrentIteration.getInstance().get().orElseThrow();
        assertSame(unstable, now.run());
        assertEquals(chart.iteration(point), now.iteration());

        // a wheel notch keeps the record under the pointer under it
        DynamicsChartModel whole = view.currentChart();
        int quarter = DynamicsCanvas.LEFT + whole.columnOf(whole.length() / 4);
        int anchor = whole.recordAt(whole.pointAt(quarter - DynamicsCanvas.LEFT));
        mouse(view.canvas(), SWT.MouseVerticalWheel, quarter, DynamicsCanvas.TOP + 20, 3);
        DynamicsChartModel closer = waitForChart(view, "the chart zoomed at a quarter", c -> c != whole);
        int under = closer.recordAt(closer.pointAt(quarter - DynamicsCanvas.LEFT));
        assertTrue(closer.length() < whole.length() && Math.abs(under - anchor) <= 1,
                "record " + anchor + " under the pointer before, " + under + " after: " + closer.request());
        mouse(view.canvas(), SWT.MouseDoubleClick, DynamicsCanvas.LEFT + 10, DynamicsCanvas.TOP + 10, 0);
        waitForChart(view, "all records again", c -> c.length() == whole.length());

        // zoomed in at the end, the chart follows a current snapshot at the start
        for (int i = 0; i < 3; i++) {
            DynamicsChartModel before = view.currentChart();
            mouse(view.canvas(), SWT.MouseVerticalWheel, DynamicsCanvas.LEFT + chart.width() - 2,
                    DynamicsCanvas.TOP + 20, 3);
            waitForChart(view, "the zoomed chart", c -> c != before);
        }
        DynamicsChartModel zoomed = view.currentChart();
        assertTrue(zoomed.request().fromRecord() > 0, "zoomed in at the end: " + zoomed.request());
        assertTrue(zoomed.request().toRecord() >= activation.iterationCount() - 1,
                "the records under the pointer stay under it: " + zoomed.request());
        long start = chart.iteration(0);
        CurrentIteration.getInstance().set(unstable, start, null);
        DynamicsChartModel followed = waitForChart(view, "the chart following iteration " + start,
                c -> c != zoomed && c.request().fromRecord() == 0);
        assertEquals(zoomed.request().toRecord() - zoomed.request().fromRecord(),
                followed.request().toRecord() - followed.request().fromRecord(), "the span is kept");
        assertTrue(followed.columnAtIteration(start) >= 0);
        mouse(view.canvas(), SWT.MouseDoubleClick, DynamicsCanvas.LEFT + 10, DynamicsCanvas.TOP + 10, 0);
        waitForChart(view, "all records again", c -> c.request().toRecord() - c.request().fromRecord()
                == activation.iterationCount());
    }

    @Test
    @Order(3)
    void twoRunsAreComparedInTwoPanelsOnOneValueAxis() throws Exception {
        TensorSeries other = fixed.tensor(activation.id()).orElseThrow();
        TrainingOverviewView overview = (TrainingOverviewView) page().showView(TrainingOverviewView.ID);
        TrainingDynamicsView view = (TrainingDynamicsView) page().showView(TrainingDynamicsView.ID);
        navigator().viewer().setSelection(new StructuredSelection(activation), true);
        waitForChart(view, "the chart of " + activation.id(), c -> c.request().tensor() == activation);
        navigator().viewer().setSelection(new StructuredSelection(List.of(unstable, fixed)), true);
        UiWait.until("the comparison", TIMEOUT, () -> view.comparedTensor() == other && !view.busy()
                && view.comparedChart() != null && view.currentChart().request().tensor() == activation);
        DynamicsChartModel first = view.currentChart();
        DynamicsChartModel second = view.comparedChart();
        assertSame(fixed, second.request().run());
        assertEquals(first.axis(), second.axis(), "one value axis");
        // the same iterations (each run's records between the first panel's first and last)
        assertTrue(second.iteration(0) >= first.iteration(0) && second.iteration(0) <= first.iteration(1),
                first.iteration(0) + " / " + second.iteration(0));
        assertTrue(second.iteration(second.length() - 1) <= first.iteration(first.length() - 1)
                && second.length() >= 2, "the fixed run's records within the failing run's range");
        // and drawn under the first panel's columns of its first and last iteration
        for (int point : new int[] { 0, second.length() - 1 }) {
            int under = view.comparedOffset() + second.columnOf(point);
            int above = first.columnAtIteration(second.iteration(point));
            assertTrue(Math.abs(under - above) <= 1, "iteration " + second.iteration(point) + " at column " + under
                    + " in the second panel, " + above + " in the first");
        }
        assertTrue(first.scan().nonFinitePolylines() > 0, "the failing VAE turns NaN");
        assertEquals(0, second.scan().nonFinitePolylines(), "the fixed VAE does not");
        assertTrue(view.comparedCanvas().isVisible() && view.comparedCanvas().getSize().y > 100,
                "the second panel is shown: " + view.comparedCanvas().getSize());
        assertTrue(view.listedGroups().size() >= first.groups().size() + second.groups().size());
        // each panel says which run it is, and has a value scale (a short panel had only "0")
        assertEquals(List.of(unstable.name(), fixed.name()), view.panelCaptions());
        for (DynamicsChartModel panel : List.of(first, second)) {
            assertTrue(panel.valueTicks().size() >= 2, panel.valueTicks().toString());
        }
        page().activate(view);
        UiWait.settle(800);
        Screenshots.save(shell.getDisplay(), "dynamics-vae-two-runs");

        // one tensor selected again: one panel
        navigator().viewer().setSelection(new StructuredSelection(activation), true);
        UiWait.until("one panel", TIMEOUT, () -> view.comparedTensor() == null && !view.busy());
        assertTrue(view.comparedChart() == null);
        assertEquals(null, view.panelCaptions().get(0), "one panel needs no caption");

        // the overview overlays the two runs' loss
        page().activate(overview);
        navigator().viewer().setSelection(new StructuredSelection(List.of(unstable, fixed)), true);
        UiWait.until("the overview of both runs", TIMEOUT, () -> !overview.busy() && overview.currentModel() != null
                && overview.currentModel().request().runs().size() == 2);
        assertEquals(2, overview.currentModel().series().size(), overview.statusText());
        assertNotNull(overview.currentModel().series(fixed, "loss").orElse(null));
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "overview-vae-two-runs");
    }

    static void mouse(Canvas canvas, int type, int x, int y, int count) {
        Event e = new Event();
        e.x = x;
        e.y = y;
        e.button = type == SWT.MouseUp || type == SWT.MouseDown || type == SWT.MouseDoubleClick ? 1 : 0;
        e.count = count;
        canvas.notifyListeners(type, e);
    }

    static ImageData grab(Canvas canvas) {
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
}
