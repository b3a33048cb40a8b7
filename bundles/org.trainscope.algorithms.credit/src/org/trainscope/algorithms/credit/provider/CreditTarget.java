package org.trainscope.algorithms.credit.provider;

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
 * @param tensor the selected activation tensor, or null for a node whose activations were not
 *        recorded (an ONNX model: its neurons are known once the network runs)
 * @param nodeId the network node of the tensor
 * @param layout how the tensor's records map to units; null with no tensor
 * @param unit the unit, in [0, layout.unitCount())
 * @param probe the probe input to explain the unit on, or -1 for all of them (credit averaged over
 *        every probe input)
 */
public record CreditTarget(Run run, TensorSeries tensor, String nodeId, NeuronLayout layout, int unit, int probe) {

    public CreditTarget {
        if (unit < 0 || layout != null && unit >= layout.unitCount()) {
            throw new IllegalArgumentException("unit " + unit + " is outside the "
                    + (layout == null ? "" : layout.unitCount() + " ") + "units of " + nodeId);
        }
        probe = layout != null && layout.hasProbeAxis() && probe < layout.probeCount() ? Math.max(-1, probe) : -1;
    }

    /**
     * Unit {@code unit} of node {@code nodeId}, by its activation tensor when the run recorded one
     * (then the unit is checked against it), else by the node alone (the engine checks the unit
     * once the network ran), over all inputs.
     *
     * @throws IllegalArgumentException when the run has no such node, or the unit is out of range
     */
    public static CreditTarget ofNode(Run run, String nodeId, int unit) {
        if (run.graph().node(nodeId).isEmpty()) {
            throw new IllegalArgumentException("the run '" + run.name() + "' has no node '" + nodeId + "'");
        }
        Optional<TensorSeries> recorded = run.tensors().stream()
                .filter(t -> t.kind() == TensorKind.ACTIVATION && t.nodeId().equals(nodeId)).findFirst();
        if (recorded.isPresent()) {
            NeuronLayout layout = NeuronLayout.of(run, recorded.get());
            return new CreditTarget(run, recorded.get(), nodeId, layout, unit, -1);
        }
        return new CreditTarget(run, null, nodeId, null, unit, -1);
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
        return (layout == null ? "unit " + unit : layout.describeUnit(unit)) + " of " + nodeId + (probe >= 0 ? " on probe input " + probe : "");
    }
}
