package org.trainscope.ui.cnnvis.internal;

import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.MouseEvent;
import org.eclipse.draw2d.MouseListener;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.graphics.Color;
import org.trainscope.algorithms.clustering.provider.CnnVisColours;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;

/**
 * One neuron (a channel of a convolution, a unit of a dense layer) of an expanded cluster: a small
 * cell coloured by its mean activation over the probe inputs on the activation facet's scale
 * (white at the group's weakest neuron, dark blue at its strongest, red when not finite), named by
 * its tooltip; a click selects this one neuron; dragged onto another cluster of its group, it is
 * moved there (a cluster edit, as the cluster menu's "Move").
 */
final class NeuronFigure extends Figure {
    private static final Color SELECTED = new Color(230, 120, 0);
    private final CnnVisModel.Group group;
    private final CnnVisModel.Cluster cluster;
    private final int neuron;
    private final Color fill;
    private boolean selected;
    private org.eclipse.draw2d.geometry.Point pressedAt;

    /**
     * @param t the neuron's mean activation within the group's range of neuron means, in [0, 1];
     *        NaN when the mean is not finite
     */
    NeuronFigure(CnnVisModel.Group group, CnnVisModel.Cluster cluster, int neuron, double mean, double t, String name,
            Consumer<NeuronFigure> onClick,
            java.util.function.BiConsumer<NeuronFigure, org.eclipse.draw2d.geometry.Point> onRelease) {
        this.group = group;
        this.cluster = cluster;
        this.neuron = neuron;
        int rgb = Double.isNaN(t) ? CnnVisColours.NON_FINITE_VALUE : CnnVisColours.activation(t);
        fill = new Color(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF);
        setToolTip(new Label(name + " of " + group.label() + " (cluster " + cluster.index() + ")\nmean activation "
                + (Double.isFinite(mean) ? String.format(Locale.ROOT, "%.4g", mean) : Double.toString(mean))
                + " over the probe inputs\nclick: open this neuron in Training Dynamics and Neuron Credit"
                + "\ndrag onto another cluster of this layer: move the neuron there"));
        addMouseListener(new MouseListener.Stub() {
            @Override
            public void mousePressed(MouseEvent me) {
                if (me.button == 1) {
                    pressedAt = me.getLocation();
                    me.consume(); // draw2d then sends the release here too, wherever it happens
                    onClick.accept(NeuronFigure.this);
                }
            }

            @Override
            public void mouseReleased(MouseEvent me) {
                // a release away from the press is a drop there (as for a dragged cluster)
                if (me.button == 1 && pressedAt != null && pressedAt.getDistance(me.getLocation()) > 4) {
                    onRelease.accept(NeuronFigure.this, me.getLocation());
                }
                pressedAt = null;
            }
        });
    }

    CnnVisModel.Group group() {
        return group;
    }

    CnnVisModel.Cluster cluster() {
        return cluster;
    }

    /** The neuron's index in its group (channel or unit). */
    int neuron() {
        return neuron;
    }

    void setSelected(boolean s) {
        selected = s;
        repaint();
    }

    boolean isSelected() {
        return selected;
    }

    @Override
    protected void paintFigure(Graphics g) {
        Rectangle r = getBounds();
        g.setBackgroundColor(fill);
        g.fillRectangle(r);
        if (r.width >= 4 && r.height >= 4 || selected) {
            g.setLineWidth(selected ? 2 : 1);
            g.setForegroundColor(selected ? SELECTED : ColorConstants.lightGray);
            g.drawRectangle(r.x, r.y, r.width - 1, r.height - 1);
        }
    }
}
