package org.trainscope.algorithms.credit.internal.operators;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.internal.Tensors;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Element-wise sum of any number of equally shaped inputs (residual connections). Relevance is
 * shared in proportion to each input's part of the sum, R_k = x_k / (y + eps sign y) R, with
 * eps = the rule's epsilon for the epsilon rule and 0 otherwise (the treatment of Captum's
 * addition module), which conserves relevance exactly wherever y != 0.
 */
public final class AddOperator implements IOperator, IForwardDerivative {

    private static void checkShapes(OperatorContext context, List<FloatTensor> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("node " + context.node().id() + " (add) has no inputs");
        }
        for (FloatTensor t : inputs) {
            if (!Arrays.equals(t.shape(), inputs.get(0).shape())) {
                throw new IllegalArgumentException("node " + context.node().id() + " (add): inputs " + inputs
                        + " differ in shape");
            }
        }
    }

    @Override
    public FloatTensor forward(OperatorContext context, List<FloatTensor> inputs) {
        checkShapes(context, inputs);
        float[] sum = new float[inputs.get(0).size()];
        for (FloatTensor t : inputs) {
            Tensors.addInto(sum, t.data());
        }
        return new FloatTensor(inputs.get(0).shape(), sum);
    }

    @Override
    public List<FloatTensor> backward(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputGradient) {
        List<FloatTensor> out = new ArrayList<>();
        for (int k = 0; k < inputs.size(); k++) {
            out.add(outputGradient);
        }
        return out;
    }

    @Override
    public List<FloatTensor> relevance(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            FloatTensor outputRelevance, RelevanceRule rule) {
        double epsilon = rule.name().equals("epsilon") ? rule.parameter("epsilon", 1e-6) : 0.0;
        float[] y = output.data();
        float[] r = outputRelevance.data();
        float[] s = new float[y.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = Tensors.divideOrZero(r[i], epsilon == 0 ? y[i] : Tensors.stabilize(y[i], epsilon));
        }
        List<FloatTensor> out = new ArrayList<>();
        for (FloatTensor x : inputs) {
            out.add(new FloatTensor(x.shape(), Tensors.multiply(x.data(), s)));
        }
        return out;
    }

    @Override
    public FloatTensor tangent(OperatorContext context, List<FloatTensor> inputs, FloatTensor output,
            List<FloatTensor> inputTangents) {
        float[] sum = new float[output.size()];
        for (FloatTensor t : inputTangents) {
            if (t != null) {
                Tensors.addInto(sum, t.data());
            }
        }
        return new FloatTensor(output.shape(), sum);
    }
}
