package org.trainscope.algorithms.clustering.provider;

/**
 * The colours of the CNNVis picture as 0xRRGGBB, one definition for the view and the exported
 * figure ({@link CnnVisPainter}).
 * <ul>
 * <li>Bundles: signed encodings (weight, gradient) on a diverging blue-white-red scale symmetric
 * about 0 (blue negative, red positive, so the sign reads at a glance and equal magnitudes look
 * equally strong); the relative change, never negative, from white to red. Non-finite values are
 * black.</li>
 * <li>Activation facets: white at the cluster's smallest finite activation to dark blue at its
 * largest; a non-finite activation is red.</li>
 * </ul>
 */
public final class CnnVisColours {
    public static final int BLUE = 0x2166AC;
    public static final int WHITE = 0xF0F0F0;
    public static final int RED = 0xB2182B;
    public static final int NON_FINITE_EDGE = 0x000000;
    public static final int NON_FINITE_VALUE = 0xD7301F;
    /** The average |gradient| fact. */
    public static final int GRADIENT_FACT = 0x762A83;
    /** The average relative change fact. */
    public static final int CHANGE_FACT = 0xE67800;
    private static final int FACET_LOW = 0xFFFFFF;
    private static final int FACET_HIGH = 0x08306B;

    private CnnVisColours() {
    }

    /** The colour of a bundle of value {@code v} under encoding {@code e} whose drawn values span {@code range}. */
    public static int edge(double v, EdgeEncoding e, CnnVisModel.Range range) {
        if (!Double.isFinite(v)) {
            return NON_FINITE_EDGE;
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

    /** An activation at {@code t} in [0, 1] between the facet's smallest and largest finite values. */
    public static int activation(double t) {
        return mix(FACET_LOW, FACET_HIGH, Math.max(0, Math.min(1, t)));
    }

    static int mix(int a, int b, double t) {
        int r = (int) Math.round((a >> 16 & 0xFF) + t * ((b >> 16 & 0xFF) - (a >> 16 & 0xFF)));
        int g = (int) Math.round((a >> 8 & 0xFF) + t * ((b >> 8 & 0xFF) - (a >> 8 & 0xFF)));
        int bl = (int) Math.round((a & 0xFF) + t * ((b & 0xFF) - (a & 0xFF)));
        return r << 16 | g << 8 | bl;
    }
}
