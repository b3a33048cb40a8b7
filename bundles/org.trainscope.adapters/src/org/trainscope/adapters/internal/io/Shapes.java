package org.trainscope.adapters.internal.io;

/** Element counts of declared shapes, checked for overflow before anything is allocated for them. */
public final class Shapes {
    private Shapes() {
    }

    /** Product of the dimensions; -1 when a dimension is negative or the product exceeds 2^62. */
    public static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            if (d != 0 && n > (1L << 62) / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    public static long elementCount(int[] shape) {
        long[] wide = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            wide[i] = shape[i];
        }
        return elementCount(wide);
    }

    /** The shape as ints, or null when a dimension does not fit. */
    public static int[] toInts(long[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                return null;
            }
            out[i] = (int) shape[i];
        }
        return out;
    }
}
