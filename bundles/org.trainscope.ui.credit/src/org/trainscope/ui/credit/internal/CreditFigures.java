package org.trainscope.ui.credit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.draw2d.AbsoluteBendpoint;
import org.eclipse.draw2d.BendpointConnectionRouter;
import org.eclipse.draw2d.ChopboxAnchor;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.IFigure;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.LineBorder;
import org.eclipse.draw2d.PolylineConnection;
import org.eclipse.draw2d.XYLayout;
import org.eclipse.draw2d.geometry.Dimension;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.graphics.Color;
import org.trainscope.algorithms.credit.provider.CreditColours;
import org.trainscope.algorithms.credit.provider.CreditGraph;
import org.trainscope.algorithms.credit.provider.CreditGraphLayout;
import org.trainscope.algorithms.credit.provider.NodeText;

/**
 * The draw2d figures of a laid-out {@link CreditGraph}: a labelled box per neuron (the target
 * highlighted), an edge per credit share, its width by |credit| and its colour by sign
 * ({@link CreditColours}, the scale the exported figure uses too).
 */
public final class CreditFigures {
    private static final Color NON_FINITE = swt(CreditColours.NON_FINITE);
    private static final Color NONE = swt(CreditColours.NONE);
    private static final Color TARGET = swt(CreditColours.TARGET);
    private static final Color BOX = swt(CreditColours.BOX);

    private CreditFigures() {
    }

    /** An SWT colour of the one colour scale (made without a device: nothing to dispose). */
    private static Color swt(int rgb) {
        return new Color(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF);
    }

    public static IFigure build(CreditGraph graph, CreditGraphLayout.Result layout) {
        Figure root = new Figure();
        root.setLayoutManager(new XYLayout());
        root.setPreferredSize(new Dimension((int) Math.ceil(layout.width()), (int) Math.ceil(layout.height())));
        Map<String, IFigure> boxes = new HashMap<>();
        List<IFigure> nodeFigures = new ArrayList<>();
        for (CreditGraph.Node n : graph.nodes()) {
            CreditGraphLayout.Box b = layout.boxes().get(n.id());
            Label box = new Label(NodeText.of(n));
            box.setOpaque(true);
            box.setBackgroundColor(n.target() ? TARGET : BOX);
            box.setBorder(new LineBorder(n.target() ? NON_FINITE : NONE, n.target() ? 2 : 1));
            box.setToolTip(new Label(tooltip(n)));
            root.add(box, new Rectangle((int) b.x(), (int) b.y(), (int) Math.ceil(b.width()),
                    (int) Math.ceil(b.height())));
            boxes.put(n.id(), box);
            nodeFigures.add(box);
        }
        float max = graph.maxEdgeMagnitude();
        for (int i = 0; i < graph.edges().size(); i++) {
            CreditGraph.Edge e = graph.edges().get(i);
            PolylineConnection c = new PolylineConnection();
            c.setSourceAnchor(new ChopboxAnchor(boxes.get(e.from())));
            c.setTargetAnchor(new ChopboxAnchor(boxes.get(e.to())));
            c.setForegroundColor(swt(CreditColours.of(e.weight())));
            c.setLineWidth(CreditColours.edgeWidth(e.weight(), max));
            List<double[]> bends = layout.bends().get(i);
            if (!bends.isEmpty()) {
                BendpointConnectionRouter router = new BendpointConnectionRouter();
                List<AbsoluteBendpoint> points = new ArrayList<>();
                bends.forEach(p -> points.add(new AbsoluteBendpoint((int) p[0], (int) p[1])));
                c.setConnectionRouter(router);
                c.setRoutingConstraint(points);
            }
            c.setToolTip(new Label(NodeText.number(e.weight())));
            // edges go under the boxes: insert them before the first box
            root.add(c, 0);
        }
        return root;
    }

    private static String tooltip(CreditGraph.Node n) {
        return (n.target() ? "Selected neuron\n" : "") + n.layerLabel() + ", " + n.unitName() + "\ncredit "
                + n.value();
    }
}
