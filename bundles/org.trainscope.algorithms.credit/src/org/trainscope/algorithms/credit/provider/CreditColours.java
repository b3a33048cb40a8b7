package org.trainscope.algorithms.credit.provider;

import org.trainscope.core.render.GreyLevels;

/**
 * The one colour scale of credit, for the Neuron Credit view and the exported figure alike: red
 * for positive credit, blue for negative, grey for none, black for non-finite (the thing to
 * find). Edges get a width by |credit| relative to the largest edge; relevance maps are scaled by
 * their largest finite |value| so every map uses its full range. Plain 0xRRGGBB ints, no SWT.
 */
public final class CreditColours {
    public static final int POSITIVE = 0xC81E1E;
    public static final int NEGATIVE = 0x1E46C8;
    public static final int NON_FINITE = 0x000000;
    public static final int NONE = 0xAAAAAA;
    /** The target neuron's box. */
    public static final int TARGET = 0xFFEC96;
    /** Other neurons' boxes. */
    public static final int BOX = 0xFAFAFA;
    /** Widest edge of finite credit, in pixels (1 more for a non-finite one). */
    public static final double MAX_EDGE_WIDTH = 7;

    private CreditColours() {
    }

    /** The colour of an edge or a value of credit {@code w}. */
    public static int of(float w) {
        if (!Float.isFinite(w)) {
            return NON_FINITE;
        }
        return w > 0 ? POSITIVE : w < 0 ? NEGATIVE : NONE;
    }

    /** 1 to 8 pixels by |w| relative to the largest edge {@code max}; non-finite edges drawn widest. */
    public static int edgeWidth(float w, float max) {
        if (!Float.isFinite(w)) {
            return (int) MAX_EDGE_WIDTH + 1;
        }
        return max > 0 ? 1 + (int) Math.round(MAX_EDGE_WIDTH * Math.abs(w) / max) : 1;
    }

    /** A relevance map as 0xRRGGBB per value: white for none, full red or blue at the largest finite |value|. */
    public static int[] heat(float[] values) {
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
                out[i] = NON_FINITE;
                continue;
            }
            int fade = max == 0 ? 255 : 255 - Math.round(255 * Math.abs(v) / max);
            out[i] = v >= 0 ? 0xFF0000 | fade << 8 | fade : fade << 16 | fade << 8 | 0xFF;
        }
        return out;
    }

    /** An input picture as 0xRRGGBB grey levels, min to max of its own finite values ({@link GreyLevels}). */
    public static int[] grey(float[] values) {
        GreyLevels levels = GreyLevels.spanning(values);
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = levels.rgb(values[i]);
        }
        return out;
    }
}
