package org.trainscope.ui.credit.internal;

import java.util.Optional;

import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/**
 * The neuron to explain, resolved from a recorded tensor and a neuron index into one of its
 * records. Probe activations are recorded for the whole probe batch ([batch, ...]), so a record
 * index splits into the probe sample and the neuron within one sample (what the engine means by
 * a neuron).
 *
 * @param run the run the tensor belongs to
 * @param tensor the selected activation tensor
 * @param nodeId the network node of the tensor
 * @param neuron flat index within one sample
 * @param sample the probe sample the record index fell in, or -1 when the tensor has no batch axis
 */
public record CreditTarget(Run run, TensorSeries tensor, String nodeId, int neuron, int sample) {

    /**
     * @return empty when the tensor is not an activation of a node of the run's graph (credit is
     *         defined for neurons, not for weights or gradients)
     */
    public static Optional<CreditTarget> of(Run run, TensorSeries tensor, int recordIndex) {
        if (run == null || tensor.kind() != TensorKind.ACTIVATION || run.graph().node(tensor.nodeId()).isEmpty()) {
            return Optional.empty();
        }
        int[] shape = tensor.shape();
        int batch = run.probeInputs().map(p -> p.shape().length > 0 ? p.shape()[0] : -1).orElse(-1);
        if (shape.length > 1 && shape[0] == batch && batch > 0) {
            int perSample = tensor.neuronCount() / batch;
            return Optional.of(new CreditTarget(run, tensor, tensor.nodeId(), recordIndex % perSample,
                    recordIndex / perSample));
        }
        return Optional.of(new CreditTarget(run, tensor, tensor.nodeId(), recordIndex, -1));
    }

    public String describe() {
        return "neuron " + neuron + " of " + nodeId + (sample >= 0 ? " (selected on probe input " + sample + ")" : "");
    }
}
