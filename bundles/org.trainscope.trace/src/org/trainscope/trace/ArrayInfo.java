package org.trainscope.trace;

import java.util.List;

/** A static array (probe inputs, labels) stored whole in {@code arrays/<id>.npy}. */
public record ArrayInfo(String id, DType dtype, List<Integer> shape) {
    public ArrayInfo {
        shape = List.copyOf(shape);
    }

    public long elementCount() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
