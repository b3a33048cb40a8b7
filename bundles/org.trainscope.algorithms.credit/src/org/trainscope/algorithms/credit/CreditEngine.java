package org.trainscope.algorithms.credit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.internal.GraphWalk;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.operators.FloatTensor;

/**
 * Credit assignment for one neuron of a recorded network (DGMTracker's second contribution).
 * <ul>
 * <li><b>Forward credit</b>: how the neurons of earlier layers (down to the input pixels)
 * contribute to the neuron's value, by Layer-wise Relevance Propagation starting at the neuron
 * with its own value as relevance.</li>
 * <li><b>Backward credit</b>: how the neurons of later layers contribute to the neuron's
 * gradient dL/da_i: neuron j contributes dL/da_j * da_j/da_i. Over any layer that separates the
 * neuron from the loss these contributions sum to dL/da_i (chain rule). dL/da_j comes from one
 * backward pass, da_j/da_i from one forward-mode (tangent) pass.</li>
 * </ul>
 * Both run on the full batch, then average over the chosen samples and over the parameter
 * snapshots. Stateless and deterministic; cancellable through the monitor
 * ({@link org.eclipse.core.runtime.OperationCanceledException}). NaN and infinities in weights
 * or inputs are data: they propagate into the results and never raise.
 */
public final class CreditEngine {
    private final ForwardRunner runner;

    /**
     * An engine on the operators of the extension registry ({@link OperatorLookup#registry()}):
     * the built-in ones and every plug-in's, or the built-in ones alone outside OSGi. This is the
     * engine the views, the command line and the credit algorithms use.
     */
    public CreditEngine() {
        this(OperatorLookup.registry());
    }

    /** An engine on the given operators (a test that must not see contributions passes {@link OperatorLookup#builtIn()}). */
    public CreditEngine(OperatorLookup operators) {
        this.runner = new ForwardRunner(operators);
    }

    /** The forward pass, keeping every activation. */
    public ForwardTrace forward(NetworkGraph graph, ParameterSource parameters, Map<String, FloatTensor> inputs,
            IProgressMonitor monitor) {
        return runner.run(graph, parameters, inputs, SubMonitor.convert(monitor));
    }

    /**
     * The forward pass of {@code nodeId} and of the nodes it depends on only: nothing after it is
     * run, so it needs no input, parameter or noise of later nodes.
     */
    public ForwardTrace forwardTo(NetworkGraph graph, ParameterSource parameters, Map<String, FloatTensor> inputs,
            String nodeId, IProgressMonitor monitor) {
        return runner.run(graph, parameters, inputs, needed(graph, nodeId), SubMonitor.convert(monitor));
    }

    private static Set<String> needed(NetworkGraph graph, String nodeId) {
        if (graph.node(nodeId).isEmpty()) {
            throw new IllegalArgumentException("the network has no node '" + nodeId + "'");
        }
        return GraphWalk.ancestors(graph, nodeId);
    }

    /** Per-sample relevance of the target and of every node it depends on. */
    public Map<String, FloatTensor> relevance(ForwardTrace trace, NeuronRef target, RuleComposite composite,
            IProgressMonitor monitor) {
        return Passes.relevance(trace, target, composite, SubMonitor.convert(monitor));
    }

    /** dL/d(output) of the seed node and of every node it depends on. */
    public Map<String, FloatTensor> gradients(ForwardTrace trace, GradientSeed seed, IProgressMonitor monitor) {
        return Passes.gradients(trace, seed, SubMonitor.convert(monitor));
    }

    /**
     * Per-sample contribution dL/da_j * da_j/da_i of every neuron j between the target neuron i
     * and the seed; the target's own entry is its gradient.
     */
    public Map<String, FloatTensor> contributions(ForwardTrace trace, NeuronRef target, GradientSeed seed,
            IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, 2);
        Map<String, FloatTensor> g = Passes.gradients(trace, seed, sub.split(1));
        Set<String> between = new HashSet<>(GraphWalk.ancestors(trace.graph(), seed.nodeId()));
        between.retainAll(GraphWalk.descendants(trace.graph(), target.nodeId()));
        Map<String, FloatTensor> t = Passes.tangents(trace, target, between, sub.split(1));
        Map<String, FloatTensor> c = new java.util.HashMap<>();
        for (String id : between) {
            FloatTensor gj = g.get(id);
            FloatTensor tj = t.get(id);
            if (gj == null || tj == null) {
                continue;
            }
            float[] out = new float[gj.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = gj.data()[i] * tj.data()[i];
            }
            c.put(id, new FloatTensor(gj.shape(), out));
        }
        return c;
    }

    /** Forward credit (LRP), averaged over the request's samples and snapshots. */
    public CreditResult forwardCredit(CreditRequest request, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Forward credit", request.snapshots().size() * 2);
        Aggregator aggregator = null;
        Set<String> needed = needed(request.graph(), request.target().nodeId());
        for (ParameterSource snapshot : request.snapshots()) {
            ForwardTrace trace = runner.run(request.graph(), snapshot, request.inputs(), needed, sub.split(1));
            aggregator = aggregator != null ? aggregator : new Aggregator(samples(request, trace), request.topK());
            Map<String, FloatTensor> r = Passes.relevance(trace, request.target(), request.composite(), sub.split(1));
            Set<String> sources = new HashSet<>();
            for (String id : r.keySet()) {
                if (trace.isSource(id)) {
                    sources.add(id);
                }
            }
            aggregator.add(order(request.graph(), r.keySet()), r, sources, trace.activation(request.target().nodeId()),
                    request.target().index());
        }
        return aggregator.result(CreditResult.Direction.FORWARD, request.target());
    }

    /** Backward credit (gradient decomposition), averaged over the request's samples and snapshots. */
    public CreditResult backwardCredit(CreditRequest request, IProgressMonitor monitor) {
        if (request.seed() == null) {
            throw new IllegalArgumentException("backward credit needs a loss node or an upstream gradient");
        }
        Set<String> needed = needed(request.graph(), request.seed().nodeId());
        if (!needed.contains(request.target().nodeId())) {
            throw new IllegalArgumentException("node " + request.target().nodeId() + " does not lead to "
                    + request.seed().nodeId() + ", where the gradient starts: it gets no gradient from there");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Backward credit", request.snapshots().size() * 2);
        Aggregator aggregator = null;
        for (ParameterSource snapshot : request.snapshots()) {
            ForwardTrace trace = runner.run(request.graph(), snapshot, request.inputs(), needed, sub.split(1));
            aggregator = aggregator != null ? aggregator : new Aggregator(samples(request, trace), request.topK());
            Map<String, FloatTensor> c = contributions(trace, request.target(), request.seed(), sub.split(1));
            aggregator.add(order(request.graph(), c.keySet()), c, Set.of(), c.get(request.target().nodeId()),
                    request.target().index());
        }
        return aggregator.result(CreditResult.Direction.BACKWARD, request.target());
    }

    private static int[] samples(CreditRequest request, ForwardTrace trace) {
        int[] s = request.samples();
        if (s == null) {
            return IntStream.range(0, trace.batchSize()).toArray();
        }
        for (int i : s) {
            if (i < 0 || i >= trace.batchSize()) {
                throw new IllegalArgumentException("sample " + i + " is outside the batch of " + trace.batchSize());
            }
        }
        return s;
    }

    private static List<String> order(NetworkGraph graph, Set<String> ids) {
        List<String> out = new ArrayList<>();
        for (String id : graph.topologicalOrder()) {
            if (ids.contains(id)) {
                out.add(id);
            }
        }
        return out;
    }
}
