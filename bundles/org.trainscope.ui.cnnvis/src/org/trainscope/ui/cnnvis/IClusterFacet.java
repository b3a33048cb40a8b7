package org.trainscope.ui.cnnvis;

import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.geometry.Rectangle;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.core.model.Run;

/**
 * A facet of the extension point {@code org.trainscope.ui.facets}: draws one cluster inside its
 * rectangle. Called on the UI thread for every paint, so it draws from the model only (no I/O, no
 * computation beyond mapping values to colours). Colours and images it creates it disposes itself.
 */
public interface IClusterFacet {

    /**
     * What a facet draws.
     *
     * @param run the run
     * @param model the whole picture (probe pictures, the other groups)
     * @param group the cluster's layer group
     * @param cluster the cluster
     */
    record Context(Run run, CnnVisModel model, CnnVisModel.Group group, CnnVisModel.Cluster cluster) {
    }

    /** Paints {@code context.cluster()} into {@code bounds} of {@code g}; draws nothing outside them. */
    void paint(Context context, Graphics g, Rectangle bounds);
}
