package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jface.viewers.ITreeContentProvider;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;
import org.trainscope.ui.internal.open.OpenProblems;

/**
 * Open runs at the top, then the problems of runs that did not open ({@link OpenProblems}), then
 * under each run its {@link RunTreeNodes}. The input is the {@link RunManager}.
 */
public class RunTreeContentProvider implements ITreeContentProvider {

    @Override
    public Object[] getElements(Object input) {
        if (!(input instanceof RunManager m)) {
            return new Object[0];
        }
        List<Object> top = new ArrayList<>(m.runs());
        top.addAll(OpenProblems.getDefault().all());
        return top.toArray();
    }

    @Override
    public Object[] getChildren(Object element) {
        if (element instanceof Run run) {
            return RunTreeNodes.childrenOf(run).toArray();
        }
        if (element instanceof RunTreeNodes.Folder f) {
            return f.children().toArray();
        }
        if (element instanceof RunTreeNodes.LayerGroup g) {
            return g.children().toArray();
        }
        return new Object[0];
    }

    @Override
    public Object getParent(Object element) {
        if (element instanceof RunTreeNodes.Folder f) {
            return f.run();
        }
        if (element instanceof RunTreeNodes.ProbeInputs p) {
            return p.run();
        }
        return null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return getChildren(element).length > 0;
    }
}
