package org.trainscope.ui.cnnvis.internal;

import org.eclipse.swt.graphics.RGB;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.EdgeEncoding;

/**
 * Bundle colours: signed encodings (weight, gradient) on a diverging blue-white-red scale
 * symmetric about 0 (blue negative, red positive, so the sign reads at a glance and equal
 * magnitudes look equally strong); the relative change, never negative, from white to red.
 * Non-finite values are drawn black.
 */
final class EdgeColours {
    private static final RGB BLUE = new RGB(33, 102, 172);
    private static final RGB WHITE = new RGB(240, 240, 240);
    private static final RGB RED = new RGB(178, 24, 43);

    private EdgeColours() {
    }

    static RGB of(double v, EdgeEncoding e, CnnVisModel.Range range) {
        if (!Double.isFinite(v)) {
            return new RGB(0, 0, 0);
        }
        if (range.isEmpty()) {
            return WHITE;
        }
        if (e == EdgeEncoding.RELATIVE_CHANGE) {
            double t = range.max() > 0 ? Math.min(1, Math.max(0, v / range.max())) : 0;
            return mix(WHITE, RED, 0.15 + 0.85 * t);
        }
        double scale = Math.max(Math.abs(range.min()), Math.abs(range.max()));
        double t = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
        return t >= 0 ? mix(WHITE, RED, 0.15 + 0.85 * t) : mix(WHITE, BLUE, 0.15 + 0.85 * -t);
    }

    private static RGB mix(RGB a, RGB b, double t) {
        return new RGB((int) Math.round(a.red + t * (b.red - a.red)), (int) Math.round(a.green + t * (b.green - a.green)),
                (int) Math.round(a.blue + t * (b.blue - a.blue)));
    }
}
