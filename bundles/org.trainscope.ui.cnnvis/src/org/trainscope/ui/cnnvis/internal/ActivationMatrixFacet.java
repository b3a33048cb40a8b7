package org.trainscope.ui.cnnvis.internal;

import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.widgets.Display;
import org.trainscope.algorithms.clustering.provider.CnnVisColours;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.ui.cnnvis.IClusterFacet;

/**
 * CNNVis's activation-matrix facet: probe inputs (rows) x the cluster's neurons (columns), in the
 * order the provider's reorderer chose, so neurons that respond alike and inputs that excite them
 * alike sit together. White is the cluster's smallest finite activation, dark blue its largest;
 * a non-finite activation is red ({@link CnnVisColours}, the exported figure's colours too).
 */
public final class ActivationMatrixFacet implements IClusterFacet {

    @Override
    public void paint(Context context, Graphics g, Rectangle bounds) {
        FloatMatrix m = context.cluster().activations();
        if (m.rows() == 0 || m.cols() == 0 || bounds.width < 2 || bounds.height < 2) {
            return;
        }
        ImageData data = image(m);
        Image image = new Image(Display.getCurrent(), data);
        try {
            g.setInterpolation(SWT.NONE);
            g.drawImage(image, 0, 0, data.width, data.height, bounds.x, bounds.y, bounds.width, bounds.height);
        } finally {
            image.dispose();
        }
    }

    static ImageData image(FloatMatrix m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : m.data()) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        ImageData data = new ImageData(m.cols(), m.rows(), 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        for (int r = 0; r < m.rows(); r++) {
            for (int c = 0; c < m.cols(); c++) {
                float v = m.get(r, c);
                int rgb;
                if (!Float.isFinite(v)) {
                    rgb = CnnVisColours.NON_FINITE_VALUE;
                } else {
                    rgb = CnnVisColours.activation(hi > lo ? (v - lo) / (hi - lo) : 0.5);
                }
                data.setPixel(c, r, rgb);
            }
        }
        return data;
    }
}
