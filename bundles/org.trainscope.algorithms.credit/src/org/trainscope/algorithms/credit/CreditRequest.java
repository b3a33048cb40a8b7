package org.trainscope.algorithms.credit;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.operators.FloatTensor;

/**
 * What to explain: a neuron of a network, over one batch of inputs and one or more parameter
 * snapshots (a range of iterations), optionally for a subset of the samples.
 *
 * @param graph the network
 * @param snapshots parameters per snapshot; results are averaged over them
 * @param inputs the batch for every source node (batch first), the same for every snapshot
 * @param target the neuron to explain
 * @param composite LRP rules per layer (forward credit)
 * @param seed where the loss gradient starts (backward credit); null for forward credit
 * @param samples indices of the samples to aggregate over, or null for the whole batch
 * @param topK how many neurons per layer {@link LayerCredit#top()} lists
 */
public record CreditRequest(NetworkGraph graph, List<ParameterSource> snapshots, Map<String, FloatTensor> inputs,
        NeuronRef target, RuleComposite composite, GradientSeed seed, int[] samples, int topK) {

    public CreditRequest {
        Objects.requireNonNull(graph);
        Objects.requireNonNull(target);
        snapshots = List.copyOf(snapshots);
        inputs = Map.copyOf(inputs);
        if (snapshots.isEmpty()) {
            throw new IllegalArgumentException("at least one parameter snapshot is needed");
        }
        if (graph.node(target.nodeId()).isEmpty()) {
            throw new IllegalArgumentException("the graph has no node '" + target.nodeId() + "'");
        }
        composite = composite == null ? Composites.recommended(0, 1) : composite;
        samples = samples == null ? null : samples.clone();
        topK = Math.max(topK, 0);
    }

    /** Forward credit (LRP) for one snapshot, all samples, the recommended composite, top 10. */
    public static CreditRequest forward(NetworkGraph graph, ParameterSource parameters, Map<String, FloatTensor> inputs,
            NeuronRef target, RuleComposite composite) {
        return new CreditRequest(graph, List.of(parameters), inputs, target, composite, null, null, 10);
    }

    /** Backward credit (gradient decomposition) for one snapshot, all samples, top 10. */
    public static CreditRequest backward(NetworkGraph graph, ParameterSource parameters,
            Map<String, FloatTensor> inputs, NeuronRef target, GradientSeed seed) {
        return new CreditRequest(graph, List.of(parameters), inputs, target, null, seed, null, 10);
    }

    public CreditRequest withSnapshots(List<ParameterSource> more) {
        return new CreditRequest(graph, more, inputs, target, composite, seed, samples, topK);
    }

    public CreditRequest withSamples(int[] subset) {
        return new CreditRequest(graph, snapshots, inputs, target, composite, seed, subset, topK);
    }

    public CreditRequest withTopK(int k) {
        return new CreditRequest(graph, snapshots, inputs, target, composite, seed, samples, k);
    }

    @Override
    public int[] samples() {
        return samples == null ? null : samples.clone();
    }
}
