package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.cnnvis.CnnVisView;

/**
 * The CNNVis redraw benchmark (releng/benchmarks/README-cnnvis.md): the time from a filter change
 * (sign filters, edge opacity, bicluster filter, outlier edges, edge colour coding) to the end of
 * the synchronous repaint of the view's canvas, facets included, in the real workbench on the demo
 * and PyTorch CNN runs, maximised at 1500 x 950. The model must stay the same object: a filter
 * change computes nothing. Prints medians; asserts no time (not a test: its name keeps it out of
 * the default test run; run it with -Dtest=CnnVisRedrawBenchmark).
 */
class CnnVisRedrawBenchmark {
    private static final int ROUNDS = 25;
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static RealRuns real;

    @BeforeAll
    static void open() throws Exception {
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        shell = window.getShell();
        shell.setSize(1500, 950);
        shell.setLocation(0, 0);
        RunManager.getInstance().closeAll();
        real = RealRuns.recordAndOpen(shell);
    }

    @AfterAll
    static void close() {
        window.getActivePage().resetPerspective();
        RunManager.getInstance().closeAll();
        UiWait.settle(200);
    }

    @Test
    void redrawAfterAFilterChange() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        CnnVisView view = (CnnVisView) page.showView(CnnVisView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.settle(500);
        Map<String, Consumer<Integer>> changes = new java.util.LinkedHashMap<>();
        changes.put("bicluster filter", i -> view.setBundleFilter(i % 2 == 0 ? 60 : 0));
        changes.put("outlier edges on/off", i -> view.setShowOutliers(i % 2 == 0));
        changes.put("edge colour coding", i -> view.setEncoding(EdgeEncoding.values()[i % 3]));
        List<String> lines = new ArrayList<>();
        for (String key : List.of("dl4j/cnn", "dl4j/cnn-wide", "dl4j/cnn-deep", "pytorch/cnn")) {
            Run run = real.runs.get(key);
            assertNotNull(run, key);
            org.trainscope.ui.internal.navigator.RunNavigatorView navigator = (org.trainscope.ui.internal.navigator.RunNavigatorView) page
                    .findView(org.trainscope.ui.TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
            if (navigator != null) {
                navigator.viewer().setSelection(new org.eclipse.jface.viewers.StructuredSelection(run), true);
            }
            UiWait.settle(1000); // the view follows the Runs view
            if (view.run() != run) {
                view.show(run);
            }
            UiWait.until("CNNVis of " + key, 180_000, () -> !view.busy() && view.model() != null
                    && view.model().runName().equals(run.name()));
            if (!view.edits().isEmpty()) {
                view.resetEdits();
                CnnVisModel before = view.model();
                UiWait.until("CNNVis without edits", 180_000, () -> !view.busy() && view.model() != before);
            }
            UiWait.settle(300);
            CnnVisModel model = view.model();
            int clusters = model.groups().stream().mapToInt(g -> g.clusters().size()).sum();
            int outliers = model.links().stream().mapToInt(l -> l.outliers().size()).sum();
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-14s %2d groups %3d clusters %3d outliers",
                    key, model.groups().size(), clusters, outliers));
            for (Map.Entry<String, Consumer<Integer>> change : changes.entrySet()) {
                view.setShowOutliers(true); // the heavier picture for the other changes
                double[] ms = new double[ROUNDS];
                for (int i = 0; i < ROUNDS + 5; i++) {
                    int before = view.canvas().paintCount();
                    long t0 = System.nanoTime();
                    change.getValue().accept(i);
                    while (view.canvas().paintCount() == before && System.nanoTime() - t0 < 5_000_000_000L) {
                        if (!shell.getDisplay().readAndDispatch()) {
                            Thread.onSpinWait(); // no sleep: the repaint is queued, the wait must not add a tick
                        }
                    }
                    long t1 = System.nanoTime();
                    if (i >= 5) {
                        ms[i - 5] = (t1 - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                line.append(String.format(Locale.ROOT, " | %s median %.1f ms, max %.1f ms", change.getKey(),
                        ms[ROUNDS / 2], ms[ROUNDS - 1]));
                assertSame(model, view.model(), "a filter change must not compute a new model");
            }
            view.setShowOutliers(false);
            view.setBundleFilter(0);
            view.setEncoding(EdgeEncoding.WEIGHT);
            lines.add(line.toString());
        }
        System.out.println("CNNVis redraw after a filter change (" + ROUNDS + " rounds after 5 warm-up, canvas "
                + view.canvas().size() + "):");
        lines.forEach(System.out::println);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
    }
}
