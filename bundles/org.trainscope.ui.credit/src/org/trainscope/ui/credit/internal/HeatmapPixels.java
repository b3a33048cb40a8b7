package org.trainscope.ui.credit.internal;

/**
 * Colours a relevance map: red for positive, blue for negative, white for none, scaled by the
 * largest finite |value| of the map so every map uses its full range. Non-finite values are
 * drawn black, since they are the thing to find. Plain RGB ints, no SWT.
 */
public final class HeatmapPixels {
    private HeatmapPixels() {
    }

    /** 0xRRGGBB per value. */
    public static int[] rgb(float[] values) {
        float max = 0;
        for (float v : values) {
            if (Float.isFinite(v)) {
                max = Math.max(max, Math.abs(v));
            }
        }
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!Float.isFinite(v)) {
                out[i] = 0x000000;
                continue;
            }
            int fade = max == 0 ? 255 : 255 - Math.round(255 * Math.abs(v) / max);
            out[i] = v >= 0 ? 0xFF0000 | fade << 8 | fade : fade << 16 | fade << 8 | 0xFF;
        }
        return out;
    }

    /** Grey levels of an input image, min to max of its finite values. */
    public static int[] grey(float[] values) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            int g = !Float.isFinite(v) ? 0 : hi > lo ? Math.round(255 * (v - lo) / (hi - lo)) : 128;
            out[i] = g << 16 | g << 8 | g;
        }
        return out;
    }
}
