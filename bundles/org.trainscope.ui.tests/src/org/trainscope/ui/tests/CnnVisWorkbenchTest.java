package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.jface.viewers.ISelectionChangedListener;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.IWorkbenchWindow;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.cnnvis.CnnVisView;
import org.trainscope.ui.cnnvis.FacetManager;
import org.trainscope.ui.dynamics.TrainingDynamicsView;

/**
 * The CNNVis view on every CNN demo run (recorded small on real Fashion-MNIST and opened with File >
 * Open Demo Runs) and on the PyTorch-recorded CNN: groups, clusters and bundles are drawn, the
 * legend names the range, a clicked cluster is posted as a NeuronSelection of its units, no dialog
 * opens and nothing reaches the Error Log. Screenshots go to target/screenshots (cnnvis-*.png).
 */
class CnnVisWorkbenchTest {
    private static final List<String> CNNS = List.of("dl4j/cnn", "dl4j/cnn-shallow", "dl4j/cnn-deep",
            "dl4j/cnn-narrow", "dl4j/cnn-wide", "dl4j/cnn-stalled", "dl4j/cnn-stalled-fixed", "pytorch/cnn");
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static DialogGuard dialogs;
    private static ErrorLogGuard errorLog;
    private static RealRuns real;

    @BeforeAll
    static void recordAndOpen() throws Exception {
        window = PlatformUI.getWorkbench().getActiveWorkbenchWindow();
        shell = window.getShell();
        shell.setSize(1500, 950);
        shell.setLocation(0, 0);
        RunManager.getInstance().closeAll();
        dialogs = new DialogGuard(shell.getDisplay(), shell);
        dialogs.start();
        errorLog = new ErrorLogGuard();
        errorLog.start();
        real = RealRuns.recordAndOpen(shell);
    }

    @AfterEach
    void noDialogAndNoErrorLogEntry() {
        UiWait.settle(300);
        List<String> seen = dialogs.takeSeen();
        List<String> logged = errorLog.takeEntries();
        assertTrue(seen.isEmpty() && logged.isEmpty(), "dialogs: " + seen + "\nError Log entries: " + logged);
    }

    @AfterAll
    static void closeEverything() {
        window.getActivePage().resetPerspective(); // the next test class finds the workbench as it starts
        dialogs.stop();
        errorLog.stop();
        RunManager.getInstance().closeAll();
        UiWait.settle(200);
    }

    @Test
    void theViewDrawsGroupsClustersAndBundlesOfEveryCnn() throws Exception {
        assertEquals(0, real.pythonExit, real.pythonLog);
        IWorkbenchPage page = window.getActivePage();
        CnnVisView view = (CnnVisView) page.showView(CnnVisView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.settle(500);
        List<String> failures = new ArrayList<>();
        for (String key : CNNS) {
            Run run = real.runs.get(key);
            if (run == null) {
                failures.add(key + ": did not open");
                continue;
            }
            view.show(run);
            CnnVisModel model = waitForModel(view, run);
            if (model == null) {
                failures.add(key + ": not drawn: " + view.statusText());
                continue;
            }
            UiWait.settle(400); // the canvas paints
            int clusters = model.groups().stream().mapToInt(g -> g.clusters().size()).sum();
            int bundles = model.links().stream().mapToInt(l -> l.bundles().size()).sum();
            System.out.println("CNNVis " + key + ": " + view.statusText() + " | " + view.legendText());
            check(failures, key, model.groups().size() >= 3, "groups: " + model.groups().size());
            check(failures, key, view.canvas().clusterFigureCount() == clusters,
                    view.canvas().clusterFigureCount() + " cluster figures for " + clusters + " clusters");
            check(failures, key, bundles >= model.links().size() && view.canvas().drawnBundles() == bundles,
                    view.canvas().drawnBundles() + " bundles drawn of " + bundles);
            check(failures, key, view.legendText().matches("weights of edges [−0-9.e+-]+ to [−0-9.e+-]+"),
                    view.legendText());
            check(failures, key, !view.statusText().startsWith("Not drawn"), view.statusText());
            Screenshots.save(shell.getDisplay(), "cnnvis-" + RealRuns.fileName(key));
        }
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void facetEncodingAndClusterSelection() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        CnnVisView view = (CnnVisView) page.showView(CnnVisView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.settle(500); // a new view first follows the Runs view's current selection
        Run run = real.runs.get("dl4j/cnn");
        assertNotNull(run);
        view.show(run);
        CnnVisModel model = waitForModel(view, run);
        assertNotNull(model, view.statusText());
        assertEquals(2, FacetManager.getInstance().facets().size(), FacetManager.getInstance().facets().toString());
        assertTrue(view.setFacet("org.trainscope.ui.cnnvis.activationMatrix"));
        view.setEncoding(EdgeEncoding.RELATIVE_CHANGE);
        UiWait.settle(400);
        assertTrue(view.legendText().startsWith("relative change of weights "), view.legendText());
        Screenshots.save(shell.getDisplay(), "cnnvis-dl4j-cnn-activation-matrix-relative-change");

        AtomicReference<NeuronSelection> posted = new AtomicReference<>();
        ISelectionChangedListener listener = e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof NeuronSelection n) {
                posted.set(n);
            }
        };
        view.getSite().getSelectionProvider().addSelectionChangedListener(listener);
        try {
            view.canvas().clickCluster(0);
        } finally {
            view.getSite().getSelectionProvider().removeSelectionChangedListener(listener);
        }
        CnnVisModel.Group first = model.groups().get(0);
        NeuronSelection n = posted.get();
        assertNotNull(n, "a click on a cluster posts a NeuronSelection");
        assertEquals(first.tensorId(), n.tensor().id());
        assertEquals(first.clusters().get(0).size() * first.unitsPerNeuron(), n.units().length);
        assertEquals(-1, n.probe());
        view.setFacet("org.trainscope.ui.cnnvis.learnedFeatures");
        view.setEncoding(EdgeEncoding.WEIGHT);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
    }

    /** Training Dynamics, open beside CNNVis, shows the layer of a cluster clicked in CNNVis. */
    @Test
    void trainingDynamicsFollowsAClusterSelectedInCnnVis() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        TrainingDynamicsView dynamics = (TrainingDynamicsView) page.showView(TrainingDynamicsView.ID, null,
                IWorkbenchPage.VIEW_VISIBLE);
        CnnVisView view = (CnnVisView) page.showView(CnnVisView.ID, null, IWorkbenchPage.VIEW_ACTIVATE);
        UiWait.settle(500);
        Run run = real.runs.get("pytorch/cnn");
        assertNotNull(run);
        view.show(run);
        CnnVisModel model = waitForModel(view, run);
        assertNotNull(model, view.statusText());
        CnnVisModel.Group second = model.groups().get(1);
        int index = model.groups().get(0).clusters().size(); // the first cluster of the second group
        view.canvas().clickCluster(index);
        UiWait.settle(300);
        page.bringToTop(dynamics); // stacked with CNNVis: a hidden chart has no size and waits to be shown
        UiWait.until("Training Dynamics to show " + second.tensorId(), 120_000,
                () -> dynamics.currentChart() != null && !dynamics.busy()
                        && dynamics.currentChart().request().tensor().id().equals(second.tensorId()));
    }

    @Test
    void windowShowViewOffersCnnVis() {
        org.eclipse.swt.widgets.Menu menu = Menus.find(shell, "Window", "Show View").orElseThrow().getMenu();
        menu.notifyListeners(org.eclipse.swt.SWT.Show, new org.eclipse.swt.widgets.Event());
        List<String> names = java.util.Arrays.stream(menu.getItems()).map(Menus::plain).toList();
        assertTrue(names.contains("CNNVis"), names.toString());
        menu.notifyListeners(org.eclipse.swt.SWT.Hide, new org.eclipse.swt.widgets.Event());
    }

    private static void check(List<String> failures, String key, boolean ok, String what) {
        if (!ok) {
            failures.add(key + ": " + what);
        }
    }

    private static CnnVisModel waitForModel(CnnVisView view, Run run) {
        try {
            UiWait.until("CNNVis of " + run.name(), 180_000, () -> !view.busy() && (view.model() != null
                    && view.model().runName().equals(run.name()) || view.statusText().startsWith("Not drawn")));
        } catch (AssertionError e) {
            return null;
        }
        return view.model() != null && view.model().runName().equals(run.name()) ? view.model() : null;
    }
}
