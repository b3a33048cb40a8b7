package org.trainscope.ui;

import java.util.Arrays;
import java.util.Objects;

import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * The global "these neurons" selection that links views: brushing polylines in the training
 * dynamics view publishes one, and views that show neurons follow it.
 *
 * @param run the run the neurons belong to (may be null when unknown)
 * @param tensor the tensor whose neurons (indices into one record) are selected
 * @param neurons selected neuron indices, ascending
 */
public record NeuronSelection(Run run, TensorSeries tensor, int[] neurons) {

    public NeuronSelection {
        Objects.requireNonNull(tensor);
        neurons = neurons.clone();
        Arrays.sort(neurons);
    }

    @Override
    public int[] neurons() {
        return neurons.clone();
    }

    @Override
    public String toString() {
        return neurons.length + " neurons of " + tensor.id();
    }
}
