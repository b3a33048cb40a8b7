package org.trainscope.adapters.internal.numpy;

import java.util.Arrays;

/**
 * How a loose array maps onto a tensor series: an array of rank 2 or more is a stack of records
 * along its first axis (iterations 0, 1, 2, ...), the way {@code numpy.stack} of per-step arrays
 * comes out and the way a trace chunk is laid out; a scalar or a vector is a single record.
 *
 * @param records      number of records
 * @param recordShape  shape of one record
 */
public record ArrayLayout(int records, int[] recordShape, int neuronsPerRecord) {
    /** Each record costs an iteration entry in the heap; a first axis longer than this is not a history. */
    public static final int MAX_RECORDS = 1 << 23;

    /** The layout of {@code shape}, or null with {@code why[0]} set when it does not fit a series. */
    public static ArrayLayout of(long[] shape, String[] why) {
        long[] record = shape.length >= 2 ? Arrays.copyOfRange(shape, 1, shape.length) : shape.length == 1 ? shape : new long[] {1};
        long records = shape.length >= 2 ? shape[0] : 1;
        long neurons = 1;
        for (long d : record) {
            neurons = Math.multiplyHigh(neurons, d) != 0 ? Long.MAX_VALUE : neurons * d;
        }
        if (records > Integer.MAX_VALUE || neurons > Integer.MAX_VALUE - 8) {
            why[0] = "shape " + Arrays.toString(shape) + " has more than 2^31 records or neurons per record";
            return null;
        }
        if (records > MAX_RECORDS) {
            why[0] = "shape " + Arrays.toString(shape) + " has " + records + " records along its first axis, more than "
                    + MAX_RECORDS + " allowed";
            return null;
        }
        if (neurons == 0) {
            records = 0; // records without values hold nothing to show; do not count them out one by one
        }
        int[] recordInts = new int[record.length];
        for (int i = 0; i < record.length; i++) {
            recordInts[i] = (int) record[i];
        }
        return new ArrayLayout((int) records, recordInts, (int) neurons);
    }

    public long[] iterations() {
        long[] its = new long[records];
        for (int i = 0; i < records; i++) {
            its[i] = i;
        }
        return its;
    }
}
