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

/**
 * The draw2d figures of a laid-out {@link CreditGraph}: a labelled box per neuron (the target
 * highlighted), an edge per credit share, its width by |credit| and its colour by sign: red
 * positive, blue negative, black non-finite, grey none.
 */
public final class CreditFigures {
    static final Color POSITIVE = new Color(200, 30, 30);
    static final Color NEGATIVE = new Color(30, 70, 200);
    static final Color NON_FINITE = new Color(0, 0, 0);
    static final Color NONE = new Color(170, 170, 170);
    static final Color TARGET = new Color(255, 236, 150);
    static final Color BOX = new Color(250, 250, 250);
    private static final double MAX_WIDTH = 7;

    private CreditFigures() {
    }

    public static IFigure build(CreditGraph graph, CreditLayout.Result layout) {
        Figure root = new Figure();
        root.setLayoutManager(new XYLayout());
        root.setPreferredSize(new Dimension((int) Math.ceil(layout.width()), (int) Math.ceil(layout.height())));
        Map<String, IFigure> boxes = new HashMap<>();
        List<IFigure> nodeFigures = new ArrayList<>();
        for (CreditGraph.Node n : graph.nodes()) {
            CreditLayout.Box b = layout.boxes().get(n.id());
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
            c.setForegroundColor(colour(e.weight()));
            c.setLineWidth(width(e.weight(), max));
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

    static Color colour(float w) {
        if (!Float.isFinite(w)) {
            return NON_FINITE;
        }
        return w > 0 ? POSITIVE : w < 0 ? NEGATIVE : NONE;
    }

    /** 1 to 8 pixels by |w| relative to the largest edge; non-finite edges drawn widest. */
    static int width(float w, float max) {
        if (!Float.isFinite(w)) {
            return (int) MAX_WIDTH + 1;
        }
        return max > 0 ? 1 + (int) Math.round(MAX_WIDTH * Math.abs(w) / max) : 1;
    }

    private static String tooltip(CreditGraph.Node n) {
        return (n.target() ? "Selected neuron\n" : "") + n.layerLabel() + ", " + n.unitName() + "\ncredit "
                + n.value();
    }
}
