package org.trainscope.trace;

import java.util.List;

/** A static array (probe inputs, labels) stored whole in {@code arrays/<id>.npy}. */
public record ArrayInfo(String id, DType dtype, List<Integer> shape) {
    public ArrayInfo {
        shape = List.copyOf(shape);
    }

    /**
     * Number of elements, or {@link Long#MAX_VALUE} when the product overflows a long (a hostile
     * manifest): never a wrapped, negative or small count that a reader would trust.
     */
    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                return Long.MAX_VALUE;
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }
}
