package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.eclipse.jface.viewers.StructuredSelection;
import org.trainscope.ui.CurrentIteration;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.navigator.RunNavigatorView;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.dynamics.TrainingDynamicsView;
import org.trainscope.ui.graph.SnapshotView;
import org.trainscope.ui.graph.internal.NodeFigure;

/**
 * The Snapshot view on every demo kind (recorded small on real Fashion-MNIST and opened with File >
 * Open Demo Runs) and the PyTorch-recorded CNN, VAE and GAN: every node is drawn, it follows the
 * current iteration, a click posts the node's loudest unit, a double-click shows the node's tensor
 * in Training Dynamics; no dialog, nothing in the Error Log. Screenshots go to
 * target/screenshots (snapshot-*.png).
 */
class SnapshotWorkbenchTest {
    @RegisterExtension
    static final WorkbenchSession session = WorkbenchSession.checkedAfterEachTest(1600, 1000).resettingPerspective();
    private static IWorkbenchWindow window;
    private static Shell shell;
    private static RealRuns real;

    @BeforeAll
    static void recordAndOpen() throws Exception {
        window = session.window();
        shell = session.shell();
        real = RealRuns.recordAndOpen(shell);
    }

    @Test
    void theViewDrawsEveryNodeOfEveryRun() throws Exception {
        assertEquals(0, real.pythonExit, real.pythonLog);
        // every demo kind (however many there are) and the three PyTorch runs; each is drawn below
        assertTrue(real.runs.keySet().containsAll(List.of("dl4j/cnn", "dl4j/vae-unstable", "dl4j/mlp", "pytorch/cnn",
                "pytorch/vae", "pytorch/gan")) && real.runs.size() >= 12, real.runs.keySet().toString());
        IWorkbenchPage page = window.getActivePage();
        SnapshotView view = (SnapshotView) page.showView(SnapshotView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.settle(500);
        List<String> failures = new ArrayList<>();
        for (var e : real.runs.entrySet()) {
            String key = e.getKey();
            Run run = e.getValue();
            long it = key.equals("dl4j/vae-unstable") ? failing(run) - 1 : lastIteration(run);
            SnapshotGraphModel m = showAt(view, run, it);
            if (m == null) {
                failures.add(key + ": not drawn: " + view.statusText());
                continue;
            }
            UiWait.settle(300);
            int figures = view.canvas().figure().nodeFigures().size();
            System.out.println("Snapshot " + key + " at " + it + ": " + view.statusText());
            if (figures != run.graph().size() || m.nodes().size() != run.graph().size()) {
                failures.add(key + ": " + figures + " node figures, " + m.nodes().size() + " nodes in the model, "
                        + run.graph().size() + " in the graph");
            }
            if (view.statusText().startsWith("Not drawn")) {
                failures.add(key + ": " + view.statusText());
            }
            Screenshots.save(shell.getDisplay(), "snapshot-" + RealRuns.fileName(key));
        }
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Just before the unstable VAE fails, nodes are marked; a group collapses into one box and expands again. */
    @Test
    void theFailingVaeIsMarkedAndGroupsCollapse() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        SnapshotView view = (SnapshotView) page.showView(SnapshotView.ID);
        UiWait.settle(500); // a new view first follows the Runs view's current selection
        Run run = real.runs.get("dl4j/vae-unstable");
        long before = failing(run) - 1;
        SnapshotGraphModel m = showAt(view, run, before);
        assertNotNull(m, view.statusText());
        assertFalse(m.marked().isEmpty(), "abnormal nodes are marked before the failure: " + view.statusText());
        assertTrue(view.statusText().contains("#1 " + m.marked().get(0).id()), view.statusText());
        String group = m.groupOf(m.marked().get(0).id());
        assertFalse(group.isEmpty(), m.marked().get(0).id() + " has a layer group");
        int expanded = view.canvas().figure().nodeFigures().size();
        view.toggle(group);
        UiWait.until("the group " + group + " to collapse", 60_000,
                () -> !view.busy() && view.placed() != null && view.placed().collapsed().contains(group));
        int members = m.groups().get(group).size();
        assertEquals(expanded - members + 1, view.canvas().figure().nodeFigures().size());
        NodeFigure box = view.canvas().figure().nodeFigures().stream().filter(f -> group.equals(f.group()))
                .findFirst().orElseThrow();
        assertEquals(m.marked().get(0).id(), box.node().id(), "the collapsed group shows its most abnormal node");
        view.canvas().figure().open(box); // a double-click expands it again
        UiWait.until("the group " + group + " to expand", 60_000,
                () -> !view.busy() && view.placed() != null && !view.placed().collapsed().contains(group));
        assertEquals(expanded, view.canvas().figure().nodeFigures().size());
    }

    /** A click posts the node's loudest unit; a double-click shows its tensor in Training Dynamics. */
    @Test
    void clickSelectsAndDoubleClickOpensTrainingDynamics() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        SnapshotView view = (SnapshotView) page.showView(SnapshotView.ID);
        UiWait.settle(500); // a new view first follows the Runs view's current selection
        Run run = real.runs.get("pytorch/cnn");
        long it = lastIteration(run) / 2;
        SnapshotGraphModel m = showAt(view, run, it);
        assertNotNull(m, view.statusText());
        NodeFigure target = view.canvas().figure().nodeFigures().stream()
                .filter(f -> f.group() == null && f.node().values().stream().anyMatch(s -> s.kind() == TensorKind.ACTIVATION))
                .min(java.util.Comparator.comparingInt(f -> f.node().rank() == 0 ? Integer.MAX_VALUE : f.node().rank()))
                .orElseThrow();
        NodeFlow node = target.node();
        FlowSeries activation = node.values().stream().filter(s -> s.kind() == TensorKind.ACTIVATION).findFirst()
                .orElseThrow();

        AtomicReference<NeuronSelection> posted = new AtomicReference<>();
        ISelectionChangedListener listener = e -> {
            if (((IStructuredSelection) e.getSelection()).getFirstElement() instanceof NeuronSelection n) {
                posted.set(n);
            }
        };
        view.getSite().getSelectionProvider().addSelectionChangedListener(listener);
        try {
            view.canvas().figure().select(target);
        } finally {
            view.getSite().getSelectionProvider().removeSelectionChangedListener(listener);
        }
        NeuronSelection n = posted.get();
        assertNotNull(n, "a click on a node posts a NeuronSelection");
        assertEquals(activation.tensorId(), n.tensor().id());
        assertEquals(1, n.units().length);
        assertEquals(activation.loudestUnit(), n.units()[0]);
        assertTrue(target.isSelected());

        view.canvas().figure().open(target);
        UiWait.settle(300);
        TrainingDynamicsView dynamics = (TrainingDynamicsView) page.findView(TrainingDynamicsView.ID);
        assertNotNull(dynamics, "a double-click opens Training Dynamics");
        assertTrue(page.isPartVisible(dynamics), "a double-click brings Training Dynamics forward, also from the "
                + "Snapshot view's own stack");
        UiWait.until("Training Dynamics to show " + activation.tensorId(), 120_000,
                () -> dynamics.currentChart() != null && !dynamics.busy()
                        && dynamics.currentChart().request().tensor().id().equals(activation.tensorId()));
    }

    /**
     * The failing and the fixed VAE selected together in the Runs view: the view compares them at
     * the iteration before the failure, side by side (each compared node's chart holds both runs)
     * and as a difference; the node differing most is marked #1 and named in the status line.
     */
    @Test
    void twoRunsSelectedAreComparedSideBySideAndAsADifference() throws Exception {
        IWorkbenchPage page = window.getActivePage();
        SnapshotView view = (SnapshotView) page.showView(SnapshotView.ID);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_MAXIMIZED);
        UiWait.settle(500);
        Run unstable = real.runs.get("dl4j/vae-unstable");
        Run fixed = real.runs.get("dl4j/vae-fixed");
        long before = failing(unstable) - 1;
        CurrentIteration.getInstance().set(unstable, before, SnapshotWorkbenchTest.class);
        RunNavigatorView navigator = (RunNavigatorView) page.findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        navigator.viewer().setSelection(new StructuredSelection(List.of(unstable, fixed)), true);
        UiWait.until("the comparison of the two VAEs", 180_000, () -> !view.busy() && view.comparison() != null
                && view.comparison().first().iteration() == before);
        var c = view.comparison();
        assertEquals(unstable.name(), c.first().runName());
        assertEquals(fixed.name(), c.second().runName());
        String top = c.ranking().get(0);
        System.out.println("Snapshot comparison: " + view.statusText());
        assertTrue(view.statusText().contains("Differ most: " + top), view.statusText());
        List<NodeFigure> figures = view.canvas().figure().nodeFigures();
        assertEquals(unstable.graph().size(), figures.size());
        NodeFigure topFigure = figures.stream().filter(f -> f.node().id().equals(top)).findFirst().orElseThrow();
        assertNotNull(topFigure.comparison(), "the node differing most is drawn compared");
        assertEquals(top, topFigure.comparison().difference().nodeId());
        assertTrue(figures.stream().allMatch(f -> f.comparison() != null), "both VAEs have the same nodes");
        UiWait.settle(500);
        Screenshots.save(shell.getDisplay(), "snapshot-compare-vae-side-by-side");
        view.showDifference(true);
        UiWait.settle(500);
        assertTrue(view.canvas().figure().nodeFigures().get(0).comparison().differenceMode());
        Screenshots.save(shell.getDisplay(), "snapshot-compare-vae-difference");
        view.showDifference(false);
        page.setPartState(page.getReference(view), IWorkbenchPage.STATE_RESTORED);
    }

    private static long lastIteration(Run run) {
        return run.tensors().stream().mapToLong(t -> t.iterationCount() == 0 ? 0 : t.iterations()[t.iterationCount() - 1])
                .max().orElse(0);
    }

    private static long failing(Run run) {
        long failing = run.metric("loss").orElseThrow().firstNonFiniteIteration();
        assertTrue(failing > 0, "vae-unstable must fail");
        return failing;
    }

    /**
     * As a user does: selects {@code run} in the Runs view (the view shows its last iteration), then
     * clicks {@code it} in the overview (CurrentIteration); waits for the view to follow.
     */
    private static SnapshotGraphModel showAt(SnapshotView view, Run run, long it) {
        RunNavigatorView navigator = (RunNavigatorView) window.getActivePage()
                .findView(TrainScopeUi.RUN_NAVIGATOR_VIEW_ID);
        // right after the runs were opened the Runs view may still select the last one it opened
        // (in an async runnable): select again until the choice stays
        for (int attempt = 0; attempt < 5 && !(view.run() == run && !view.busy()); attempt++) {
            navigator.viewer().setSelection(new StructuredSelection(run), true);
            UiWait.until("the view to take " + run.name() + " from the Runs view", 60_000,
                    () -> view.run() == run && !view.busy());
            UiWait.settle(1000);
        }
        assertTrue(view.run() == run, "the view shows " + view.run() + " instead of " + run.name());
        CurrentIteration.getInstance().set(run, it, SnapshotWorkbenchTest.class);
        return waitForModel(view, run, it);
    }

    /**
     * Waits for the view to draw {@code run} at {@code it} (after a CurrentIteration change: the view
     * takes the run at once and delivers the model from its job; the demo and PyTorch CNNs share a name).
     */
    private static SnapshotGraphModel waitForModel(SnapshotView view, Run run, long it) {
        try {
            UiWait.until("the snapshot of " + run.name() + " at " + it, 180_000, () -> !view.busy()
                    && view.run() == run && (view.model() != null && view.model().iteration() == it
                            && view.model().runName().equals(run.name()) || view.statusText().startsWith("Not drawn")));
        } catch (AssertionError e) {
            System.out.println("Snapshot view did not draw " + run.name() + " at " + it + ": shows "
                    + (view.run() == null ? "no run" : view.run().name()) + ", busy " + view.busy() + ", model "
                    + (view.model() == null ? "none" : view.model().runName() + " at " + view.model().iteration())
                    + ", status " + view.statusText() + ", jobs "
                    + java.util.Arrays.stream(org.eclipse.core.runtime.jobs.Job.getJobManager().find(null))
                            .map(j -> j.getName() + "/" + j.getState()).toList());
            return null;
        }
        SnapshotGraphModel m = view.model();
        return view.run() == run && m != null && m.runName().equals(run.name()) && m.iteration() == it ? m : null;
    }
}
