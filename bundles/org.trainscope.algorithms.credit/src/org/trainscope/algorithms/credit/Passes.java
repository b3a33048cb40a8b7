package org.trainscope.algorithms.credit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.internal.GraphWalk;
import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * The three sweeps over a {@link ForwardTrace}: relevance and gradient go backwards from a
 * node to everything it depends on; the tangent goes forwards from a neuron to everything that
 * depends on it.
 */
final class Passes {
    private Passes() {
    }

    /** One-hot per sample at {@code index}, scaled by {@code values[n]} (or 1 when null). */
    static FloatTensor oneHot(FloatTensor like, int index, FloatTensor values) {
        int per = Tensors.perSample(like);
        if (index >= per) {
            throw new IllegalArgumentException("neuron " + index + " is outside a layer of " + per + " neurons");
        }
        float[] d = new float[like.size()];
        for (int n = 0; n < like.dim(0); n++) {
            d[n * per + index] = values == null ? 1f : values.data()[n * per + index];
        }
        return new FloatTensor(like.shape(), d);
    }

    /** Relevance of every ancestor of the target, per sample, starting from the target's value. */
    static Map<String, FloatTensor> relevance(ForwardTrace trace, NeuronRef target, RuleComposite composite,
            SubMonitor monitor) {
        FloatTensor a = trace.activation(target.nodeId());
        Accumulators r = new Accumulators();
        r.add(target.nodeId(), oneHot(a, target.index(), a));
        List<String> order = reverseOrder(trace, GraphWalk.ancestors(trace.graph(), target.nodeId()));
        monitor.setWorkRemaining(order.size());
        for (String id : order) {
            monitor.split(1);
            FloatTensor rel = r.get(id);
            if (rel == null || trace.isSource(id)) {
                continue;
            }
            IOperator op = trace.operator(id);
            RelevanceRule rule = composite.ruleFor(trace.node(id), GraphWalk.isFirstLayer(trace.graph(), trace.node(id)));
            List<FloatTensor> in = op.relevance(trace.context(id), trace.inputs(id), trace.activation(id), rel, rule);
            r.addAll(trace.inputIds(id), in);
        }
        return r.all();
    }

    /** dL/d(output) of every ancestor of the seed node. */
    static Map<String, FloatTensor> gradients(ForwardTrace trace, GradientSeed seed, SubMonitor monitor) {
        FloatTensor out = trace.activation(seed.nodeId());
        FloatTensor g0 = seed.gradient() != null ? seed.gradient()
                : new FloatTensor(out.shape(), Tensors.filled(out.size(), 1f));
        if (g0.size() != out.size()) {
            throw new IllegalArgumentException("upstream gradient " + g0 + " does not match output " + out + " of "
                    + seed.nodeId());
        }
        Accumulators g = new Accumulators();
        g.add(seed.nodeId(), g0.reshape(out.shape()));
        List<String> order = reverseOrder(trace, GraphWalk.ancestors(trace.graph(), seed.nodeId()));
        monitor.setWorkRemaining(order.size());
        for (String id : order) {
            monitor.split(1);
            FloatTensor grad = g.get(id);
            if (grad == null || trace.isSource(id)) {
                continue;
            }
            List<FloatTensor> in = trace.operator(id).backward(trace.context(id), trace.inputs(id),
                    trace.activation(id), grad);
            g.addAll(trace.inputIds(id), in);
        }
        return g.all();
    }

    /** da_j/da_i for every node j in {@code within} that depends on the target neuron i. */
    static Map<String, FloatTensor> tangents(ForwardTrace trace, NeuronRef target, Set<String> within,
            SubMonitor monitor) {
        Map<String, FloatTensor> t = new java.util.HashMap<>();
        t.put(target.nodeId(), oneHot(trace.activation(target.nodeId()), target.index(), null));
        Set<String> after = GraphWalk.descendants(trace.graph(), target.nodeId());
        List<String> order = new ArrayList<>();
        for (String id : trace.graph().topologicalOrder()) {
            if (after.contains(id) && within.contains(id) && !id.equals(target.nodeId())) {
                order.add(id);
            }
        }
        monitor.setWorkRemaining(order.size());
        for (String id : order) {
            monitor.split(1);
            if (trace.isSource(id)) {
                continue;
            }
            List<FloatTensor> inTangents = new ArrayList<>();
            for (String p : trace.inputIds(id)) {
                inTangents.add(t.get(p));
            }
            t.put(id, tangent(trace.operator(id), trace.context(id), trace.inputs(id), trace.activation(id),
                    inTangents));
        }
        return t;
    }

    private static FloatTensor tangent(IOperator op, OperatorContext context, List<FloatTensor> inputs,
            FloatTensor output, List<FloatTensor> inTangents) {
        if (op instanceof IForwardDerivative d) {
            return d.tangent(context, inputs, output, inTangents);
        }
        return finiteDifferenceTangent(op, context, inputs, inTangents);
    }

    /** Central difference of the forward pass along the tangent, for operators without a derivative. */
    static FloatTensor finiteDifferenceTangent(IOperator op, OperatorContext context, List<FloatTensor> inputs,
            List<FloatTensor> inTangents) {
        double xScale = 1;
        double tScale = 0;
        for (int k = 0; k < inputs.size(); k++) {
            for (float v : inputs.get(k).data()) {
                xScale = Math.max(xScale, Math.abs(v));
            }
            if (inTangents.get(k) != null) {
                for (float v : inTangents.get(k).data()) {
                    tScale = Math.max(tScale, Math.abs(v));
                }
            }
        }
        double h = 1e-3 * xScale / Math.max(tScale, 1e-30);
        List<FloatTensor> plus = new ArrayList<>();
        List<FloatTensor> minus = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            FloatTensor x = inputs.get(k);
            FloatTensor t = inTangents.get(k);
            float[] p = x.data().clone();
            float[] m = x.data().clone();
            if (t != null) {
                for (int i = 0; i < p.length; i++) {
                    p[i] += (float) (h * t.data()[i]);
                    m[i] -= (float) (h * t.data()[i]);
                }
            }
            plus.add(new FloatTensor(x.shape(), p));
            minus.add(new FloatTensor(x.shape(), m));
        }
        float[] fp = op.forward(context, plus).data();
        FloatTensor fmTensor = op.forward(context, minus);
        float[] fm = fmTensor.data();
        float[] out = new float[fp.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((fp[i] - fm[i]) / (2 * h));
        }
        return new FloatTensor(fmTensor.shape(), out);
    }

    private static List<String> reverseOrder(ForwardTrace trace, Set<String> nodes) {
        List<String> order = new ArrayList<>();
        List<String> topo = trace.graph().topologicalOrder();
        for (int i = topo.size() - 1; i >= 0; i--) {
            if (nodes.contains(topo.get(i)) && !trace.graph().node(topo.get(i)).orElseThrow().kind()
                    .equals(org.trainscope.core.model.NodeKind.PARAMETER)) {
                order.add(topo.get(i));
            }
        }
        return order;
    }
}
