package org.trainscope.core.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A scalar per iteration (loss, accuracy, learning rate, ...). Small enough to live in the heap.
 * Non-finite values are kept: a NaN loss is exactly what a user comes to find.
 */
public record MetricSeries(String name, long[] iterations, double[] values) {

    public MetricSeries {
        Objects.requireNonNull(name, "name");
        if (iterations.length != values.length) {
            throw new IllegalArgumentException("metric " + name + " has " + iterations.length + " iterations but "
                    + values.length + " values");
        }
        iterations = iterations.clone();
        values = values.clone();
    }

    public int size() {
        return values.length;
    }

    /**
     * The value at index {@code i}, without the copy {@link #values()} makes: the training overview
     * reads ten million of them per zoom, and copying them each time cost as much as reading them.
     */
    public double value(int i) {
        return values[i];
    }

    /** The iteration at index {@code i}, without the copy {@link #iterations()} makes. */
    public long iteration(int i) {
        return iterations[i];
    }

    /**
     * True for the per-node NaN/Inf counts a recorder writes beside the two totals
     * ("nonfinite.forward.fc1", trace format §7.1): dozens of them, which views fold into one line.
     */
    public static boolean isPerNodeNonFiniteCount(String metric) {
        return metric.startsWith("nonfinite.forward.") || metric.startsWith("nonfinite.backward.");
    }

    /** The first iteration whose value is NaN or infinite, or -1 when all are finite. */
    public long firstNonFiniteIteration() {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                return iterations[i];
            }
        }
        return -1;
    }

    @Override
    public long[] iterations() {
        return iterations.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSeries m && name.equals(m.name) && Arrays.equals(iterations, m.iterations)
                && Arrays.equals(values, m.values);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "MetricSeries[" + name + ", " + values.length + " values]";
    }
}
