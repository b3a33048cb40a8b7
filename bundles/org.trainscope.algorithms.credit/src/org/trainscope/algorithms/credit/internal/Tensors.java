package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.operators.FloatTensor;

/**
 * Small element-wise helpers over {@link FloatTensor}. NaN and infinities are data here: no
 * helper filters or replaces them, so a non-finite weight shows up in the relevance it causes.
 */
public final class Tensors {
    private Tensors() {
    }

    /** Values per sample: the product of all dimensions after the batch. */
    public static int perSample(FloatTensor t) {
        int n = t.dim(0);
        return n == 0 ? 0 : t.size() / n;
    }

    public static FloatTensor zerosLike(FloatTensor t) {
        return FloatTensor.zeros(t.shape());
    }

    public static FloatTensor withData(FloatTensor shapeOf, float[] data) {
        return new FloatTensor(shapeOf.shape(), data);
    }

    /** acc += x, element-wise. */
    public static void addInto(float[] acc, float[] x) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += x[i];
        }
    }

    /** max(a, 0) element-wise; NaN stays NaN. */
    public static float[] positivePart(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] > 0 || Float.isNaN(a[i]) ? a[i] : 0f;
        }
        return out;
    }

    /** min(a, 0) element-wise; NaN stays NaN. */
    public static float[] negativePart(float[] a) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] < 0 || Float.isNaN(a[i]) ? a[i] : 0f;
        }
        return out;
    }

    public static boolean anyNegative(float[] a) {
        for (float v : a) {
            if (v < 0) {
                return true;
            }
        }
        return false;
    }

    public static float[] filled(int n, float value) {
        float[] out = new float[n];
        java.util.Arrays.fill(out, value);
        return out;
    }

    /**
     * num / den, with 0 where den is exactly 0: a neuron whose denominator vanishes passes no
     * relevance on (the usual LRP convention) instead of producing NaN out of valid data.
     * A NaN or infinite den still yields NaN or 0 by IEEE rules, so bad values propagate.
     */
    public static float divideOrZero(float num, float den) {
        return den == 0f ? 0f : num / den;
    }

    /** z + epsilon * sign(z), with sign(0) = +1, as in the epsilon rule. */
    public static float stabilize(float z, double epsilon) {
        return (float) (z >= 0 ? z + epsilon : Float.isNaN(z) ? z : z - epsilon);
    }

    /** out[i] = a[i] * b[i]. */
    public static float[] multiply(float[] a, float[] b) {
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * b[i];
        }
        return out;
    }

    /** Transposes a row-major rows x cols matrix. */
    public static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[base + c];
            }
        }
        return t;
    }
}
