package org.trainscope.core.math;

import java.util.Objects;

/** A dense row-major float matrix: the plain-Java currency of the kernels. */
public record FloatMatrix(int rows, int cols, float[] data) {

    public FloatMatrix {
        Objects.requireNonNull(data);
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "a " + rows + " x " + cols + " matrix needs " + (long) rows * cols + " values, got " + data.length);
        }
    }

    public static FloatMatrix zeros(int rows, int cols) {
        return new FloatMatrix(rows, cols, new float[Math.multiplyExact(rows, cols)]);
    }

    public float get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, float v) {
        data[r * cols + c] = v;
    }
}
