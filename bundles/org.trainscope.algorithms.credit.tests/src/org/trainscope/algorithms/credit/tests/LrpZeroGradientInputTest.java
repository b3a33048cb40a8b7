package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.operators.FloatTensor;

/**
 * For a bias-free ReLU network the output is positively homogeneous, f(x) = sum_i x_i df/dx_i,
 * and LRP-0 reduces to exactly that decomposition: R_i = x_i * df/dx_i. The gradient comes from
 * the operators' backward passes (checked against finite differences elsewhere), the relevance
 * from the relevance passes: two independent code paths.
 */
class LrpZeroGradientInputTest {

    @Test
    void lrpZeroEqualsGradientTimesInputOnACnn() {
        Nets net = RelevanceConservationTest.cnn();
        check(net, Nets.random(new Random(7), 1, 3, 1, 8, 8), new NeuronRef("d2", 2));
    }

    @Test
    void lrpZeroEqualsGradientTimesInputOnAnMlp() {
        Nets net = new Nets(8).input("x").dense("d1", 6, 10, false).op("r1", "relu").dense("d2", 10, 7, false)
                .op("r2", "leakyrelu", Map.of("negative_slope", "0.1")).dense("d3", 7, 2, false);
        check(net, Nets.random(new Random(9), 1, 4, 6), new NeuronRef("d3", 0));
    }

    private static void check(Nets net, FloatTensor x, NeuronRef target) {
        CreditEngine engine = new CreditEngine();
        ForwardTrace trace = engine.forward(net.build(), net.parameters(), Map.of("x", x), null);
        FloatTensor r = engine.relevance(trace, target, Composites.uniform(Rules.lrp0()), null).get("x");
        FloatTensor out = trace.activation(target.nodeId());
        float[] seed = new float[out.size()];
        int per = out.size() / out.dim(0);
        for (int n = 0; n < out.dim(0); n++) {
            seed[n * per + target.index()] = 1f;
        }
        FloatTensor grad = engine.gradients(trace,
                GradientSeed.upstream(target.nodeId(), new FloatTensor(out.shape(), seed)), null).get("x");
        for (int i = 0; i < x.size(); i++) {
            assertEquals(x.data()[i] * grad.data()[i], r.data()[i], 1e-5, "input " + i);
        }
    }
}
