package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import java.util.function.BooleanSupplier;

import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PartInitException;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.ui.NeuronSelection;
import org.trainscope.ui.credit.CreditView;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphs;

/**
 * The body of the workbench test of the Neuron Credit view, called on the UI thread by
 * org.trainscope.ui.tests' WorkbenchTest with a run that has probe inputs and recorded weights
 * (the PyTorch fixture). Not a test class itself: the view needs the workbench that test starts.
 */
final class CreditViewDriver {
    private CreditViewDriver() {
    }

    /** Opens the view, selects neuron 0 of the last activation, and waits for its forward credit. */
    public static CreditView exercise(IWorkbenchPage page, Run run) throws PartInitException {
        CreditView view = (CreditView) page.showView(CreditView.ID);
        TensorSeries output = run.tensors().stream().filter(t -> t.kind() == TensorKind.ACTIVATION)
                .filter(t -> run.graph().successors(t.nodeId()).isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("the run has no activation of its output node"));
        view.showSelection(new StructuredSelection(new NeuronSelection(run, output, new int[] { 0 })));
        waitUntil(page.getWorkbenchWindow().getShell().getDisplay(), 60_000,
                () -> view.currentGraph() != null && !view.busy());
        CreditGraph graph = view.currentGraph();
        assertNotNull(graph, view.statusText());
        assertTrue(graph.target().target() && graph.target().layerId().equals(output.nodeId()), graph.toString());
        // every operator that feeds the output, and the input, has neurons on display (activations
        // and reshapes on those of the operator they follow)
        Set<String> layers = graph.layerIds();
        for (String id : run.graph().topologicalOrder()) {
            boolean operator = run.graph().node(id).orElseThrow().kind() == org.trainscope.core.model.NodeKind.OPERATOR;
            assertTrue(!operator || layers.contains(id) || CreditGraphs.drawnWithNeighbour(run.graph(), id),
                    "no neurons of layer " + id + " in " + layers);
        }
        assertTrue(graph.edges().size() >= layers.size() - 1, graph.edges().toString());
        // the graph is wider than the view: it is scaled down to be seen whole, not cut off
        UiWait.settle(300);
        assertTrue(view.graphFitsView(), "scale " + view.graphScale());
        return view;
    }

    /** Runs the event loop until {@code done}, failing after the timeout (the credit view computes in jobs). */
    static void waitUntil(Display display, long timeoutMillis, BooleanSupplier done) {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                fail("the credit view did not show a result within " + timeoutMillis + " ms");
            }
            if (!display.readAndDispatch()) {
                display.timerExec(50, () -> { });
                display.sleep();
            }
        }
    }
}
