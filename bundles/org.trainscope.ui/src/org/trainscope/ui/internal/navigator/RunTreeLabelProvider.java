package org.trainscope.ui.internal.navigator;

import java.util.List;

import org.eclipse.jface.resource.ImageDescriptor;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.jface.resource.LocalResourceManager;
import org.eclipse.jface.resource.ResourceManager;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.DecorationOverlayIcon;
import org.eclipse.jface.viewers.IDecoration;
import org.eclipse.swt.graphics.Image;
import org.eclipse.ui.ISharedImages;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.plugin.AbstractUIPlugin;
import org.trainscope.ui.NetworkNode;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.modeltypes.ModelTypeManager;
import org.trainscope.ui.TrainScopeUi;
import org.trainscope.ui.internal.open.OpenProblem;

/**
 * Labels that say what a thing is and the one fact most worth seeing (shape, last value, NaN),
 * icons that tell operators, random variables and parameters apart, and a warning mark on a
 * run that failed (why: in its tooltip).
 */
public class RunTreeLabelProvider extends ColumnLabelProvider {
    private final ResourceManager resources = new LocalResourceManager(JFaceResources.getResources());

    @Override
    public String getText(Object element) {
        if (element instanceof Run run) {
            String type = ModelTypeManager.getInstance().modelType(run.modelTypeId()).map(t -> " [" + t.name() + "]")
                    .orElse("");
            List<String> problems = RunHealth.problems(run);
            return run.name() + type + (problems.isEmpty() ? "" : "  — " + problems.get(0));
        }
        if (element instanceof RunTreeNodes.Folder f) {
            return f.label();
        }
        if (element instanceof RunTreeNodes.LayerGroup g) {
            return g.name() + " (" + g.nodes().size() + ")";
        }
        if (element instanceof RunTreeNodes.ProbeInputs p) {
            return "Probe inputs  " + TensorText.shape(p.inputs().shape())
                    + (p.run().probeLabels().length > 0 ? " with labels" : "");
        }
        if (element instanceof NetworkNode nn) {
            Node n = nn.node();
            // the operator type, unless the name says it already ("input")
            String op = n.operatorType().isEmpty() || n.operatorType().equals(NodeNames.name(n)) ? ""
                    : "  " + n.operatorType();
            return NodeNames.name(n) + op + NodeNames.alias(n).map(a -> "  (" + a + ")").orElse("");
        }
        if (element instanceof TensorSeries t) {
            return TensorText.label(SelectedRuns.runOf(t), t);
        }
        if (element instanceof RunTreeNodes.Metric m) {
            return m.series().name() + "  " + describe(m.series());
        }
        if (element instanceof OpenProblem p) {
            return p.summary();
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
    public String getToolTipText(Object element) {
        if (element instanceof Run run) {
            String problems = RunHealth.tooltip(run);
            return run.location() + (problems == null ? "" : "\n\nNeeds a look:\n" + problems);
        }
        if (element instanceof OpenProblem p) {
            return p.message() + "\n\n(Delete or double-click to dismiss)";
        }
        if (element instanceof RunTreeNodes.ProbeInputs) {
            return "Double-click to see the probe inputs as images";
        }
        if (element instanceof NetworkNode nn) {
            Node n = nn.node();
            return NodeNames.nameWithAlias(n) + ": " + n.kind().externalName().replace('_', ' ')
                    + (n.operatorType().isEmpty() ? "" : " " + n.operatorType());
        }
        return null;
    }

    @Override
    public Image getImage(Object element) {
        ISharedImages images = PlatformUI.getWorkbench().getSharedImages();
        if (element instanceof Run run) {
            // (the workbench's project image belongs to the IDE, which TrainScope does not ship)
            ImageDescriptor base = descriptor("trainscope16");
            ImageDescriptor warning = images.getImageDescriptor(ISharedImages.IMG_DEC_FIELD_WARNING);
            if (RunHealth.problems(run).isEmpty() || base == null || warning == null) {
                return base == null ? null : resources.create(base);
            }
            return resources.create(new DecorationOverlayIcon(base, warning, IDecoration.BOTTOM_LEFT));
        }
        if (element instanceof RunTreeNodes.Folder || element instanceof RunTreeNodes.LayerGroup) {
            return images.getImage(ISharedImages.IMG_OBJ_FOLDER);
        }
        if (element instanceof NetworkNode nn) {
            return icon(switch (nn.node().kind()) {
                case OPERATOR -> "node-operator";
                case RANDOM_VARIABLE -> "node-random";
                case PARAMETER -> "node-parameter";
            });
        }
        if (element instanceof RunTreeNodes.ProbeInputs) {
            return icon("probe-inputs");
        }
        if (element instanceof TensorSeries) {
            return icon("tensor");
        }
        if (element instanceof RunTreeNodes.Metric m) {
            return m.series().firstNonFiniteIteration() >= 0 ? images.getImage(ISharedImages.IMG_OBJS_WARN_TSK)
                    : icon("metric");
        }
        if (element instanceof OpenProblem p) {
            return images.getImage(p.error() ? ISharedImages.IMG_OBJS_ERROR_TSK : ISharedImages.IMG_OBJS_INFO_TSK);
        }
        return images.getImage(ISharedImages.IMG_OBJ_ELEMENT);
    }

    private Image icon(String name) {
        ImageDescriptor d = descriptor(name);
        return d == null ? null : resources.create(d);
    }

    private static ImageDescriptor descriptor(String name) {
        return AbstractUIPlugin.imageDescriptorFromPlugin(TrainScopeUi.PLUGIN_ID, "icons/" + name + ".png");
    }

    @Override
    public void dispose() {
        resources.dispose();
        super.dispose();
    }
}
