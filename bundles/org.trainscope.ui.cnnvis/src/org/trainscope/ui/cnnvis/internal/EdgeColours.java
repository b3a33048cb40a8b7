package org.trainscope.ui.cnnvis.internal;

import org.eclipse.swt.graphics.RGB;
import org.trainscope.algorithms.clustering.provider.CnnVisColours;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;

/** Bundle colours as SWT {@link RGB}s: {@link CnnVisColours#edge}, the colours of the exported figure too. */
final class EdgeColours {
    private EdgeColours() {
    }

    static RGB of(double v, EdgeEncoding e, CnnVisModel.Range range) {
        int rgb = CnnVisColours.edge(v, e, range);
        return new RGB(rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF);
    }
}
