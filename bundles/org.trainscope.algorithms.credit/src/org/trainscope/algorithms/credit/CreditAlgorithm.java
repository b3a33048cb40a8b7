package org.trainscope.algorithms.credit;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.IAlgorithm;

/**
 * The credit methods as contributions to {@code org.trainscope.core.algorithms}: the declared
 * parameters (plugin.xml) complete the {@link CreditRequest}, and the {@link CreditEngine} runs.
 * Operators come from {@code org.trainscope.core.operators}, falling back to this bundle's own.
 */
public abstract class CreditAlgorithm implements IAlgorithm<CreditRequest, CreditResult> {
    private final CreditEngine engine = new CreditEngine();

    @Override
    public Class<CreditRequest> inputType() {
        return CreditRequest.class;
    }

    @Override
    public Class<CreditResult> resultType() {
        return CreditResult.class;
    }

    CreditEngine engine() {
        return engine;
    }

    static int topK(AlgorithmParameters p, CreditRequest input) {
        return p.has("topK") ? p.getInt("topK") : input.topK();
    }

    /** Forward credit by LRP with a rule or composite chosen by name. */
    public static final class ForwardLrp extends CreditAlgorithm {
        @Override
        public CreditResult execute(CreditRequest input, AlgorithmParameters p, IProgressMonitor monitor) {
            RuleComposite composite = Composites.byName(p.has("rule") ? p.getString("rule") : "epsilonGammaBox",
                    p.has("epsilon") ? p.getDouble("epsilon") : Rules.DEFAULT_EPSILON,
                    p.has("gamma") ? p.getDouble("gamma") : Rules.DEFAULT_GAMMA, p.has("low") ? p.getDouble("low") : 0,
                    p.has("high") ? p.getDouble("high") : 1);
            CreditRequest request = new CreditRequest(input.graph(), input.snapshots(), input.inputs(),
                    input.target(), composite, input.seed(), input.samples(), topK(p, input));
            return engine().forwardCredit(request, monitor);
        }
    }

    /** Backward credit: the neuron's gradient decomposed over later neurons. */
    public static final class BackwardDecomposition extends CreditAlgorithm {
        @Override
        public CreditResult execute(CreditRequest input, AlgorithmParameters p, IProgressMonitor monitor) {
            return engine().backwardCredit(input.withTopK(topK(p, input)), monitor);
        }
    }
}
