package org.trainscope.trace;

import java.util.Arrays;

/**
 * The values of one metric at the records of a trace, as of one refresh. A metric may be absent at
 * some records (not measured); NaN and infinities are values, not absence.
 */
public final class TraceMetricSeries {
    private final String name;
    private final double[] values;
    private final boolean[] present;

    TraceMetricSeries(String name, double[] values, boolean[] present, int count) {
        this.name = name;
        this.values = Arrays.copyOf(values, count);
        this.present = Arrays.copyOf(present, count);
    }

    public String name() {
        return name;
    }

    /** Number of records covered (the reader's record count when this was taken). */
    public int size() {
        return values.length;
    }

    /** Whether the metric was measured at {@code record}. */
    public boolean has(int record) {
        return present[record];
    }

    /** The value at {@code record}; NaN when absent (check {@link #has}). */
    public double value(int record) {
        return present[record] ? values[record] : Double.NaN;
    }
}
