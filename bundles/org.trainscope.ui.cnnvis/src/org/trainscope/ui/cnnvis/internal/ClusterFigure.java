package org.trainscope.ui.cnnvis.internal;

import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.MouseEvent;
import org.eclipse.draw2d.MouseListener;
import org.eclipse.draw2d.geometry.Point;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.core.model.Run;
import org.trainscope.ui.cnnvis.IClusterFacet;

/** One cluster's rectangle: its facet inside, its number and size on top, selectable by a click. */
final class ClusterFigure extends Figure {
    private static final Color SELECTED = new Color(230, 120, 0);
    private static final Color NON_FINITE = new Color(215, 48, 31);
    private final Run run;
    private final CnnVisModel model;
    private final CnnVisModel.Group group;
    private final CnnVisModel.Cluster cluster;
    private final IClusterFacet facet;
    private boolean selected;
    /** Shows its neurons as cells (drawn by {@link CnnVisFigure} on top) instead of its facet. */
    private final boolean expanded;
    private Point pressedAt;

    ClusterFigure(Run run, CnnVisModel model, CnnVisModel.Group group, CnnVisModel.Cluster cluster, IClusterFacet facet,
            boolean expanded, BiConsumer<ClusterFigure, Boolean> onClick, BiConsumer<ClusterFigure, Point> onRelease) {
        this.expanded = expanded;
        this.run = run;
        this.model = model;
        this.group = group;
        this.cluster = cluster;
        this.facet = facet;
        setToolTip(new Label(tooltip(group, cluster)));
        addMouseListener(new MouseListener.Stub() {
            @Override
            public void mousePressed(MouseEvent me) {
                if (me.button == 1) {
                    pressedAt = me.getLocation();
                    me.consume(); // draw2d then sends the release here too, wherever it happens
                    onClick.accept(ClusterFigure.this, (me.getState() & SWT.MOD1) != 0);
                }
            }

            @Override
            public void mouseReleased(MouseEvent me) {
                // draw2d sends the release to the figure pressed: a release elsewhere is a drop there
                if (me.button == 1 && pressedAt != null && pressedAt.getDistance(me.getLocation()) > 4) {
                    onRelease.accept(ClusterFigure.this, me.getLocation());
                }
                pressedAt = null;
            }
        });
    }

    static String tooltip(CnnVisModel.Group group, CnnVisModel.Cluster c) {
        String unit = group.unitsPerNeuron() > 1 ? "channels" : "units";
        String members = Arrays.stream(c.members()).limit(24).mapToObj(Integer::toString)
                .collect(Collectors.joining(", ")) + (c.size() > 24 ? ", …" : "");
        return "cluster " + c.index() + " of " + group.label() + (c.nonFinite() ? " (non-finite activations)" : "")
                + "\n" + c.size() + " of " + group.neuronCount() + " " + unit + ": " + members
                + "\nclick: open its neurons in Training Dynamics and Neuron Credit; ctrl-click: select more of this group"
                + "\ndrag onto another cluster of the group: merge; right-click: expand to its neurons, split, merge,"
                + " move a neuron";
    }

    CnnVisModel.Group group() {
        return group;
    }

    CnnVisModel.Cluster cluster() {
        return cluster;
    }

    void setSelected(boolean s) {
        selected = s;
        repaint();
    }

    boolean isSelected() {
        return selected;
    }

    boolean isExpanded() {
        return expanded;
    }

    /**
     * Where a cluster's facet, or its neurons when expanded, are drawn within its rectangle
     * {@code r}: below its label when there is room.
     */
    static Rectangle inner(Rectangle r) {
        Rectangle inner = r.getCopy().shrink(2, 2);
        if (r.height >= 26 && r.width >= 24) {
            inner = new Rectangle(inner.x, inner.y + 11, inner.width, inner.height - 11);
        }
        return inner;
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds().getCopy();
        g.setBackgroundColor(ColorConstants.white);
        g.fillRectangle(r);
        boolean label = r.height >= 26 && r.width >= 24;
        Rectangle inner = inner(r);
        if (!expanded && facet != null && inner.width > 2 && inner.height > 2) {
            g.pushState();
            g.clipRect(inner);
            facet.paint(new IClusterFacet.Context(run, model, group, cluster), g, inner);
            g.popState();
        }
        if (label) {
            g.setForegroundColor(ColorConstants.darkGray);
            g.drawText("#" + cluster.index() + " · " + cluster.size() + (expanded ? " neurons" : ""), r.x + 2, r.y);
        }
        g.setLineWidth(selected ? 3 : 1);
        g.setForegroundColor(selected ? SELECTED : cluster.nonFinite() ? NON_FINITE : ColorConstants.gray);
        g.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
    }
}
