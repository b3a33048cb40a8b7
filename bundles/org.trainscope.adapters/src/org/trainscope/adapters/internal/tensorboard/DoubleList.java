package org.trainscope.adapters.internal.tensorboard;

import java.util.Arrays;

/** A growable list of doubles with a hard cap. */
final class DoubleList {
    private final int cap;
    private double[] values = new double[8];
    private int size;

    DoubleList(int cap) {
        this.cap = cap;
    }

    /** False (nothing added) when full. */
    boolean add(double v) {
        if (size == cap) {
            return false;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min(cap, values.length * 2L));
        }
        values[size++] = v;
        return true;
    }

    int size() {
        return size;
    }

    double get(int i) {
        return values[i];
    }

    double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
