package org.trainscope.ui.credit.internal;

import java.io.IOException;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.OperatorLookup;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.model.Run;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.ui.credit.RunInputs;
import org.trainscope.ui.credit.RunParameterSource;

/**
 * Everything the view needs for one request, computed off the UI thread: the credit, the graph
 * on display and its layout. Plain Java (no SWT), so tests run it on a real trace.
 */
public final class CreditComputation {
    /** The finished request. */
    public record Outcome(CreditSettings settings, CreditResult result, CreditGraph graph, CreditLayout.Result layout,
            FloatTensor inputs, int[] labels, String note) {
    }

    private CreditComputation() {
    }

    /**
     * @param boxSize size of a node's box on screen (measured with the view's font)
     * @throws org.eclipse.core.runtime.OperationCanceledException when cancelled
     */
    public static Outcome compute(CreditSettings s, java.util.function.Function<CreditGraph.Node, double[]> boxSize,
            IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Credit of " + s.target().describe(), 10);
        Run run = s.target().run();
        Map<String, FloatTensor> inputs = RunInputs.of(run);
        RunParameterSource parameters = new RunParameterSource(run, s.iteration());
        NeuronRef neuron = new NeuronRef(s.target().nodeId(), s.target().neuron());
        int[] samples = s.target().probe() >= 0 ? new int[] { s.target().probe() } : null;
        CreditEngine engine = new CreditEngine(OperatorLookup.registryThenBuiltIn());
        CreditResult result;
        String note;
        FloatTensor x = inputs.values().iterator().next();
        if (s.direction() == CreditResult.Direction.FORWARD) {
            double[] range = finiteRange(x.data());
            CreditRequest request = new CreditRequest(run.graph(), java.util.List.of(parameters), inputs, neuron,
                    Composites.byName(s.composite(), Rules.DEFAULT_EPSILON, Rules.DEFAULT_GAMMA, range[0], range[1]),
                    null, samples, s.topK());
            result = engine.forwardCredit(request, sub.split(8));
            note = "LRP, " + CompositeNames.label(s.composite());
        } else {
            BackwardSeeds.Seed seed = BackwardSeeds.choose(engine, run, parameters, inputs, neuron.nodeId(), sub.split(2));
            CreditRequest request = new CreditRequest(run.graph(), java.util.List.of(parameters), inputs, neuron, null,
                    seed.seed(), samples, s.topK());
            result = engine.backwardCredit(request, sub.split(6));
            note = "gradient decomposition, " + seed.description();
        }
        sub.checkCanceled();
        CreditGraph graph = CreditGraphs.of(result, run.graph(), s.topK());
        CreditLayout.Result layout = CreditLayout.layout(graph, boxSize);
        sub.worked(2);
        return new Outcome(s, result, graph, layout, x, run.probeLabels(), note);
    }

    /** Input bounds for the z-box rule: the probe's own finite range (pixels may be normalised). */
    static double[] finiteRange(float[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? new double[] { lo, hi } : new double[] { 0, 1 };
    }
}
