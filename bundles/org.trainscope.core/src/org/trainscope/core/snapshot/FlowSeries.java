package org.trainscope.core.snapshot;

import java.util.List;

import org.trainscope.core.model.TensorKind;

/**
 * The data flow of one tensor of a node over the window: one {@link RecordStats} per record whose
 * iteration lies in the window.
 *
 * @param tensorId the tensor
 * @param kind what it holds (activation, gradient, weight, ...)
 * @param iterations the records' iterations, ascending
 * @param stats the records' statistics, same order
 * @param current index into {@code iterations} of the current record (the last at or before the
 *        current iteration), -1 when the tensor has none in the window
 * @param valuesPerRecord how many values a record holds
 * @param loudestUnit the unit (as users count them, {@link org.trainscope.core.model.NeuronLayout})
 *        with the largest |value| at the current record, -1 when there is none
 */
public record FlowSeries(String tensorId, TensorKind kind, long[] iterations, List<RecordStats> stats, int current,
        int valuesPerRecord, int loudestUnit) {

    public FlowSeries {
        iterations = iterations.clone();
        stats = List.copyOf(stats);
        if (stats.size() != iterations.length) {
            throw new IllegalArgumentException(iterations.length + " iterations for " + stats.size() + " records");
        }
    }

    @Override
    public long[] iterations() {
        return iterations.clone();
    }

    public int size() {
        return iterations.length;
    }

    public long iteration(int i) {
        return iterations[i];
    }

    /** The current record's statistics, when the tensor has one. */
    public java.util.Optional<RecordStats> currentStats() {
        return current < 0 ? java.util.Optional.empty() : java.util.Optional.of(stats.get(current));
    }

    /** Whether the chart draws it as a gradient (second colour) rather than as the values flowing through. */
    public boolean isGradient() {
        return kind == TensorKind.GRADIENT;
    }
}
