package org.trainscope.ui.credit.internal;

/**
 * How far the credit graph is scaled down to be seen whole: as far as it takes, but not below a
 * scale at which the labels of its boxes stop being legible (then the view scrolls). Never enlarged.
 */
public final class FitToView {

    /** Below this the labels of the boxes are not legible any more. */
    public static final double MIN_SCALE = 0.55;

    private FitToView() {
    }

    /** @return the scale that fits a graph of the natural size into the area: at most 1, at least MIN_SCALE */
    public static double scale(int areaWidth, int areaHeight, int width, int height) {
        if (areaWidth <= 0 || areaHeight <= 0 || width <= 0 || height <= 0) {
            return 1;
        }
        double scale = Math.min(1, Math.min(areaWidth / (double) width, areaHeight / (double) height));
        return Math.max(MIN_SCALE, scale);
    }
}
