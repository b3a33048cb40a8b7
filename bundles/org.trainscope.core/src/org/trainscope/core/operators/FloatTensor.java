package org.trainscope.core.operators;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dense float tensor in row-major order, the currency of {@link IOperator}s. Deliberately
 * plain (an array and a shape) so that operators from any plug-in can exchange values without
 * sharing a numeric library; kernels copy into ND4J where that pays off.
 */
public final class FloatTensor {
    private final int[] shape;
    private final float[] data;

    public FloatTensor(int[] shape, float[] data) {
        this.shape = shape.clone();
        this.data = Objects.requireNonNull(data);
        long n = size(shape);
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got "
                    + data.length);
        }
    }

    public static FloatTensor zeros(int... shape) {
        long n = size(shape);
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return new FloatTensor(shape, new float[(int) n]);
    }

    private static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        return n;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** The backing array (not a copy: operators write results into fresh tensors, never inputs). */
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    public FloatTensor reshape(int... newShape) {
        return new FloatTensor(newShape, data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
