package org.trainscope.ui;

import java.util.Arrays;
import java.util.Objects;

import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * The global "these neurons" selection that links views: brushing polylines in the training
 * dynamics view publishes one, and views that show neurons follow it. Neurons are counted as
 * users count them ({@link NeuronLayout}): units of one probe input, not indices into a record.
 *
 * @param run the run the neurons belong to (may be null when unknown)
 * @param tensor the tensor whose units are selected
 * @param units selected unit indices (within one probe input's block when the tensor has a
 *        probe axis, else indices into one record), ascending
 * @param probe the probe input the units were selected on, or -1 when they stand for all probe
 *        inputs (the default: polylines aggregated over the probe batch) or there is no probe axis
 */
public record NeuronSelection(Run run, TensorSeries tensor, int[] units, int probe) {

    public NeuronSelection {
        Objects.requireNonNull(tensor);
        units = units.clone();
        Arrays.sort(units);
        probe = Math.max(-1, probe);
    }

    /** Units aggregated over every probe input. */
    public NeuronSelection(Run run, TensorSeries tensor, int[] units) {
        this(run, tensor, units, -1);
    }

    @Override
    public int[] units() {
        return units.clone();
    }

    @Override
    public String toString() {
        return units.length + (units.length == 1 ? " neuron of " : " neurons of ") + tensor.id()
                + (probe >= 0 ? " on probe input " + probe : "");
    }
}
