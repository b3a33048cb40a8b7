package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.trainscope.ui.NetworkNode;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;

/** Finds the runs that a selection in the navigator stands for (a run or anything under it). */
public final class SelectedRuns {
    private SelectedRuns() {
    }

    public static List<Run> of(ISelection selection) {
        List<Run> runs = new ArrayList<>();
        if (selection instanceof IStructuredSelection s) {
            for (Object o : s.toList()) {
                Run run = runOf(o);
                if (run != null && !runs.contains(run)) {
                    runs.add(run);
                }
            }
        }
        return runs;
    }

    /** The run {@code o} belongs to (a run, a tree node under it, a tensor, node or metric of it), or null. */
    public static Run runOf(Object o) {
        if (o instanceof Run r) {
            return r;
        }
        if (o instanceof RunTreeNodes.Folder f) {
            return f.run();
        }
        if (o instanceof RunTreeNodes.LayerGroup g) {
            return g.run();
        }
        if (o instanceof RunTreeNodes.ProbeInputs p) {
            return p.run();
        }
        if (o instanceof NetworkNode n) {
            return n.run();
        }
        if (o instanceof RunTreeNodes.Metric m) {
            return m.run();
        }
        // a tensor (other views select them too) does not know its run, but is one object of one run
        for (Run r : RunManager.getInstance().runs()) {
            if (r.tensors().stream().anyMatch(t -> t == o)) {
                return r;
            }
        }
        return null;
    }
}
