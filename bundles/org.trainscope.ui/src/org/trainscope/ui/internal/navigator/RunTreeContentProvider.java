package org.trainscope.ui.internal.navigator;

import org.eclipse.jface.viewers.ITreeContentProvider;
import org.trainscope.core.model.Run;
import org.trainscope.core.runs.RunManager;

/** Open runs at the top, then {@link RunTreeNodes}. The input is the {@link RunManager}. */
public class RunTreeContentProvider implements ITreeContentProvider {

    @Override
    public Object[] getElements(Object input) {
        return input instanceof RunManager m ? m.runs().toArray() : new Object[0];
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
            return g.nodes().toArray();
        }
        return new Object[0];
    }

    @Override
    public Object getParent(Object element) {
        if (element instanceof RunTreeNodes.Folder f) {
            return f.run();
        }
        return null;
    }

    @Override
    public boolean hasChildren(Object element) {
        return getChildren(element).length > 0;
    }
}
