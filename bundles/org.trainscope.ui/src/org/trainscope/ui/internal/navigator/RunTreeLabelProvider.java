package org.trainscope.ui.internal.navigator;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.eclipse.jface.viewers.LabelProvider;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.modeltypes.ModelTypeManager;

/** Labels that say what a thing is and the one fact most worth seeing (shape, last value, NaN). */
public class RunTreeLabelProvider extends LabelProvider {

    @Override
    public String getText(Object element) {
        if (element instanceof Run run) {
            String type = ModelTypeManager.getInstance().modelType(run.modelTypeId()).map(t -> " [" + t.name() + "]")
                    .orElse("");
            String warn = run.warnings().isEmpty() ? "" : "  (" + run.warnings().size() + " warnings)";
            return run.name() + type + warn;
        }
        if (element instanceof RunTreeNodes.Folder f) {
            return f.label();
        }
        if (element instanceof RunTreeNodes.LayerGroup g) {
            return g.name() + " (" + g.nodes().size() + ")";
        }
        if (element instanceof Node n) {
            String op = n.operatorType().isEmpty() ? "" : " : " + n.operatorType();
            return n.label() + op + "  <" + n.kind().externalName() + ">";
        }
        if (element instanceof TensorSeries t) {
            return t.id() + "  " + t.kind().externalName() + " "
                    + Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining("x", "[", "]"))
                    + " x " + t.iterationCount() + " records";
        }
        if (element instanceof MetricSeries m) {
            return m.name() + "  " + describe(m);
        }
        return String.valueOf(element);
    }

    static String describe(MetricSeries m) {
        if (m.size() == 0) {
            return "(empty)";
        }
        double[] v = m.values();
        long[] it = m.iterations();
        String last = "last " + v[v.length - 1] + " @" + it[it.length - 1];
        long bad = m.firstNonFiniteIteration();
        return bad >= 0 ? last + ", first non-finite @" + bad : last;
    }

    @Override
    public Image getImage(Object element) {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        if (element instanceof Run) {
            return images.getImage(ISharedImages.IMG_OBJ_PROJECT);
        }
        if (element instanceof RunTreeNodes.Folder || element instanceof RunTreeNodes.LayerGroup) {
            return images.getImage(ISharedImages.IMG_OBJ_FOLDER);
        }
        if (element instanceof MetricSeries m && m.firstNonFiniteIteration() >= 0) {
            return images.getImage(ISharedImages.IMG_OBJS_WARN_TSK);
        }
        return images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
    }
}
