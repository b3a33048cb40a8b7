package org.trainscope.ui.cnnvis.internal;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.widgets.Display;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.core.render.GreyLevels;
import org.trainscope.ui.cnnvis.IClusterFacet;

/**
 * CNNVis's "learned features" facet: the probe inputs that activate the cluster most (by the mean
 * activation over its neurons), strongest first, as thumbnails in the grid that makes them
 * largest. The original shows the image patches of each neuron's receptive field; TrainScope
 * records whole probe inputs, so whole inputs are shown.
 */
public final class LearnedFeaturesFacet implements IClusterFacet {

    @Override
    public void paint(Context context, Graphics g, Rectangle bounds) {
        CnnVisModel.ProbeImages images = context.model().probeImages().orElse(null);
        int[] top = context.cluster().topProbes();
        if (images == null || top.length == 0) {
            g.setForegroundColor(ColorConstants.gray);
            g.drawText("no pictures", bounds.x + 2, bounds.y + 2);
            return;
        }
        int n = top.length;
        int bestSide = 0;
        int bestColumns = 1;
        for (int columns = 1; columns <= n; columns++) {
            int rows = (n + columns - 1) / columns;
            int side = Math.min(bounds.width / columns, bounds.height / rows);
            if (side > bestSide) {
                bestSide = side;
                bestColumns = columns;
            }
        }
        if (bestSide < 3) {
            return;
        }
        ProbeImageLayout layout = images.layout();
        for (int i = 0; i < n; i++) {
            if (top[i] >= layout.count()) {
                continue;
            }
            ImageData data = picture(layout, images.values(), images.levels(), top[i]);
            Image image = new Image(Display.getCurrent(), data);
            try {
                int x = bounds.x + (i % bestColumns) * bestSide;
                int y = bounds.y + (i / bestColumns) * bestSide;
                g.drawImage(image, 0, 0, data.width, data.height, x + 1, y + 1, bestSide - 2, bestSide - 2);
            } finally {
                image.dispose();
            }
        }
    }

    /** Probe input {@code p} in grey levels (RGB for colour pictures; the first channel otherwise). */
    static ImageData picture(ProbeImageLayout l, float[] values, GreyLevels levels, int p) {
        ImageData data = new ImageData(l.width(), l.height(), 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int y = 0; y < l.height(); y++) {
            for (int x = 0; x < l.width(); x++) {
                int rgb;
                if (l.rgb()) {
                    rgb = levels.level(values[l.index(p, 0, y, x)]) << 16 | levels.level(values[l.index(p, 1, y, x)]) << 8
                            | levels.level(values[l.index(p, 2, y, x)]);
                } else {
                    float v = values[l.index(p, 0, y, x)];
                    rgb = Float.isFinite(v) ? levels.rgb(v) : 0xFF0000;
                }
                data.setPixel(x, y, rgb);
            }
        }
        return data;
    }
}
