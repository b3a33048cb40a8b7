package org.trainscope.ui.cnnvis.internal;

import java.util.function.BiConsumer;

import org.eclipse.draw2d.FigureCanvas;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.core.model.Run;

/** The view's draw2d canvas around a {@link CnnVisFigure}. */
public final class CnnVisCanvas {
    private final FigureCanvas canvas;
    private final CnnVisFigure figure = new CnnVisFigure();

    public CnnVisCanvas(Composite parent) {
        canvas = new FigureCanvas(parent, SWT.DOUBLE_BUFFERED);
        canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
        canvas.setContents(figure);
    }

    public Control control() {
        return canvas;
    }

    /** The visible area in pixels: the size the picture is computed for. */
    public Point size() {
        org.eclipse.swt.graphics.Rectangle r = canvas.getClientArea();
        return new Point(r.width, r.height);
    }

    public void setModel(Run run, CnnVisModel model, DrawOptions options) {
        figure.setModel(run, model, options);
    }

    public void setOptions(DrawOptions options) {
        figure.setOptions(options);
    }

    public void onSelect(BiConsumer<CnnVisModel.Group, CnnVisModel.Cluster> listener) {
        figure.onSelect(f -> listener.accept(f.group(), f.cluster()));
    }

    /** {@code listener} gets (group, neuron) when a neuron of an expanded cluster is clicked. */
    public void onSelectNeuron(BiConsumer<CnnVisModel.Group, Integer> listener) {
        figure.onNeuron(n -> listener.accept(n.group(), n.neuron()));
    }

    /** Shows the cluster as its neurons ({@code open}) or as its facet; kept across redraws of the same clusters. */
    public void setExpanded(ClusterRef c, boolean open) {
        figure.setExpanded(c.group(), c.cluster(), open);
    }

    public boolean isExpanded(ClusterRef c) {
        return figure.isExpanded(c.group(), c.cluster());
    }

    /** Forgets which clusters are expanded (another run). */
    public void collapseAll() {
        figure.collapseAll();
    }

    /** Neuron cells of the expanded clusters (tests). */
    public int neuronFigureCount() {
        return figure.neuronFigures().size();
    }

    /** The neuron cells' clusters and neurons, in picture order (tests): {group id, neuron}. */
    public java.util.List<String> neuronNames() {
        return figure.neuronFigures().stream().map(n -> n.group().id() + " " + n.neuron()).toList();
    }

    /** Clicks the neuron cell at {@code index}, as a click does (tests). */
    public void clickNeuron(int index) {
        org.eclipse.draw2d.geometry.Rectangle b = figure.neuronFigures().get(index).getBounds();
        // through the figure under the cell's centre, so the test also checks the cell is on top
        org.eclipse.draw2d.IFigure hit = figure.findFigureAt(b.getCenter());
        if (!(hit instanceof NeuronFigure n)) {
            throw new IllegalStateException("no neuron cell on top at " + b.getCenter() + ": " + hit);
        }
        figure.clickNeuronDirect(n);
    }

    /** A cluster of the picture: its group and itself. */
    public record ClusterRef(CnnVisModel.Group group, CnnVisModel.Cluster cluster) {
    }

    /** {@code listener} gets (dragged, target) when a cluster is dragged onto another of its group. */
    public void onDrop(BiConsumer<ClusterRef, ClusterRef> listener) {
        figure.onDrop((a, b) -> listener.accept(ref(a), ref(b)));
    }

    /**
     * {@code listener} gets (group, neuron, target) when a neuron cell of an expanded cluster is
     * dragged onto another cluster of its group.
     */
    public void onNeuronDrop(NeuronDropListener listener) {
        figure.onNeuronDrop((n, c) -> listener.dropped(n.group(), n.neuron(), ref(c)));
    }

    /** A neuron dragged onto a cluster. */
    @FunctionalInterface
    public interface NeuronDropListener {
        void dropped(CnnVisModel.Group group, int neuron, ClusterRef target);
    }

    /**
     * Drags the neuron cell at {@code index} onto the cluster at {@code clusterIndex} as the mouse
     * does: the release goes to the cell pressed, at the target's centre (tests).
     */
    public void dragNeuron(int index, int clusterIndex) {
        NeuronFigure n = figure.neuronFigures().get(index);
        figure.neuronReleased(n, figure.clusterFigures().get(clusterIndex).getBounds().getCenter());
    }

    /** The cluster under the control's point (x, y), e.g. where a context menu was asked for, or null. */
    public ClusterRef clusterAt(int x, int y) {
        org.eclipse.draw2d.geometry.Point p = new org.eclipse.draw2d.geometry.Point(x, y);
        figure.translateToRelative(p);
        ClusterFigure f = figure.clusterAt(p);
        return f == null ? null : ref(f);
    }

    /** The clusters selected now, in picture order. */
    public java.util.List<ClusterRef> selection() {
        return figure.selection().stream().map(CnnVisCanvas::ref).toList();
    }

    /** The cluster figure at {@code index} (tests). */
    public ClusterRef cluster(int index) {
        return ref(figure.clusterFigures().get(index));
    }

    private static ClusterRef ref(ClusterFigure f) {
        return new ClusterRef(f.group(), f.cluster());
    }

    /** Paints of the picture so far: a redraw is done when it has grown (tests, the redraw benchmark). */
    public int paintCount() {
        return figure.paintCount();
    }

    /** Outlier edges drawn at the last paint (tests). */
    public int drawnOutliers() {
        return figure.drawnOutliers();
    }

    /** Bundles drawn at the last paint (tests). */
    public int drawnBundles() {
        return figure.drawnBundles();
    }

    /** Cluster rectangles on the canvas (tests). */
    public int clusterFigureCount() {
        return figure.clusterFigures().size();
    }

    /** Selects the cluster figure at {@code index}, as a click does (tests). */
    public void clickCluster(int index) {
        ClusterFigure f = figure.clusterFigures().get(index);
        figure.clusterFigures().forEach(c -> c.setSelected(c == f));
        figure.onSelectDirect(f);
    }

    /** Adds the cluster figure at {@code index} to the selection, as a ctrl-click does (tests). */
    public void ctrlClickCluster(int index) {
        ClusterFigure f = figure.clusterFigures().get(index);
        figure.clusterFigures().forEach(c -> c.setSelected(c == f || c.isSelected() && c.group() == f.group()));
        figure.onSelectDirect(f);
    }

    /** The bundle colour of {@code v} (the legend's bar uses the same mapping). */
    public static RGB colour(double v, EdgeEncoding e, CnnVisModel.Range range) {
        return EdgeColours.of(v, e, range);
    }
}
