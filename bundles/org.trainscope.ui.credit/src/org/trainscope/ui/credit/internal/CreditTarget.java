package org.trainscope.ui.credit.internal;

import java.util.Optional;

import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/**
 * The neuron to explain, as users count neurons ({@link NeuronLayout}): a unit of an activation
 * tensor, within one probe input's block ("unit 17" of a dense layer, "channel 3 (y 5, x 7)" of a
 * convolution), seen on every probe input or on one of them. The unit is what the credit engine
 * calls a neuron: a flat index within one sample.
 *
 * @param run the run the tensor belongs to
 * @param tensor the selected activation tensor
 * @param nodeId the network node of the tensor
 * @param layout how the tensor's records map to units
 * @param unit the unit, in [0, layout.unitCount())
 * @param probe the probe input to explain the unit on, or -1 for all of them (credit averaged over
 *        every probe input)
 */
public record CreditTarget(Run run, TensorSeries tensor, String nodeId, NeuronLayout layout, int unit, int probe) {

    public CreditTarget {
        if (unit < 0 || unit >= layout.unitCount()) {
            throw new IllegalArgumentException("unit " + unit + " is outside the " + layout.unitCount() + " units of "
                    + tensor.id());
        }
        probe = layout.hasProbeAxis() && probe < layout.probeCount() ? Math.max(-1, probe) : -1;
    }

    /**
     * @return empty when the tensor is not an activation of a node of the run's graph (credit is
     *         defined for neurons, not for weights or gradients) or the unit is not one of its units
     */
    public static Optional<CreditTarget> of(Run run, TensorSeries tensor, int unit, int probe) {
        if (run == null || tensor.kind() != TensorKind.ACTIVATION || run.graph().node(tensor.nodeId()).isEmpty()) {
            return Optional.empty();
        }
        NeuronLayout layout = NeuronLayout.of(run, tensor);
        if (unit < 0 || unit >= layout.unitCount()) {
            return Optional.empty();
        }
        return Optional.of(new CreditTarget(run, tensor, tensor.nodeId(), layout, unit, probe));
    }

    /** The engine's neuron index: the flat index within one sample. */
    public int neuron() {
        return unit;
    }

    /** "channel 3 (y 5, x 7) of conv2d0 on probe input 2", "unit 17 of dense4". */
    public String describe() {
        return layout.describeUnit(unit) + " of " + nodeId + (probe >= 0 ? " on probe input " + probe : "");
    }
}
