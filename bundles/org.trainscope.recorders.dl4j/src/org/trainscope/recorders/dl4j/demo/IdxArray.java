package org.trainscope.recorders.dl4j.demo;

/** The content of an unsigned-byte IDX file: its dimensions and its values in row-major order. */
public record IdxArray(int[] dims, byte[] data) {
    /** Number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /** Values per item (the product of the other dimensions). */
    public int itemSize() {
        int n = 1;
        for (int i = 1; i < dims.length; i++) {
            n *= dims[i];
        }
        return n;
    }

    /** Value {@code j} of item {@code i}, 0..255. */
    public int value(int i, int j) {
        return data[i * itemSize() + j] & 0xff;
    }
}
