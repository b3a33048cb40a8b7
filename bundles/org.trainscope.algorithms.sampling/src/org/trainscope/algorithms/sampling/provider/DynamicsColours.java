package org.trainscope.algorithms.sampling.provider;

/**
 * The colours of the training-dynamics chart, 0xRRGGBB: one definition for the chart painter,
 * the view's overlays and its legend.
 */
public final class DynamicsColours {
    /** A sampled polyline. */
    public static final int LINE = 0x1f4e9c;
    /** A sampled polyline among the most isolated paths of all polylines. */
    public static final int OUTLIER = 0xef6c00;
    /** The densest pixel of the density ramp (an empty pixel is white). */
    public static final int DENSITY = 0x8fa7c0;
    /** Where polylines turn NaN or infinite. */
    public static final int ONSET = 0xd32f2f;
    /** The outline of the onset dots and the count texts above the chart. */
    public static final int ONSET_TEXT = 0x8b0000;
    /** The polyline under the pointer. */
    public static final int HOVER = 0xc09a00;
    /** The brushed polylines. */
    public static final int SELECTION = 0x8e24aa;
    /** Axes, ticks and their labels. */
    public static final int AXIS = 0x404040;
    public static final int BACKGROUND = 0xffffff;

    private DynamicsColours() {
    }

    /**
     * The density ramp's colour for a share {@code t} of the way from white (0) to
     * {@link #DENSITY} (1).
     */
    public static int density(double t) {
        return blend(BACKGROUND, DENSITY, t);
    }

    /** {@code from} mixed with {@code to} by {@code t} (0: from, 1: to). */
    public static int blend(int from, int to, double t) {
        int r = (int) Math.round(((from >> 16) & 0xff) * (1 - t) + ((to >> 16) & 0xff) * t);
        int g = (int) Math.round(((from >> 8) & 0xff) * (1 - t) + ((to >> 8) & 0xff) * t);
        int b = (int) Math.round((from & 0xff) * (1 - t) + (to & 0xff) * t);
        return (r << 16) | (g << 8) | b;
    }
}
