package org.trainscope.core.render;

/**
 * The one value-to-brightness mapping of input pictures (the Probe Inputs view, the Neuron Credit
 * view's input strip and its exported figure): the finite minimum is black, the finite maximum
 * white, linearly in between. Non-finite values have no grey level; callers mark them.
 *
 * @param low the value drawn black
 * @param high the value drawn white (equal to {@code low} when all values are the same: mid grey)
 */
public record GreyLevels(double low, double high) {

    /** The mapping that spans the finite values of {@code values[from .. to)}; [0, 1] when none is finite. */
    public static GreyLevels spanning(float[] values, int from, int to) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            if (Float.isFinite(values[i])) {
                lo = Math.min(lo, values[i]);
                hi = Math.max(hi, values[i]);
            }
        }
        return lo <= hi ? new GreyLevels(lo, hi) : new GreyLevels(0, 1);
    }

    /** The mapping that spans the finite values of all of {@code values}. */
    public static GreyLevels spanning(float[] values) {
        return spanning(values, 0, values.length);
    }

    /** 0 (black) to 255 (white); 128 when the range is empty; 0 for a non-finite value. */
    public int level(float v) {
        if (!Float.isFinite(v)) {
            return 0;
        }
        if (!(high > low)) {
            return 128;
        }
        return (int) Math.max(0, Math.min(255, Math.round((v - low) * 255 / (high - low))));
    }

    /** 0xRRGGBB grey of {@code v}. */
    public int rgb(float v) {
        int g = level(v);
        return g << 16 | g << 8 | g;
    }
}
