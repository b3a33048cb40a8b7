package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.algorithms.credit.RuleComposite;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.operators.FloatTensor;

/**
 * The same network expressed once with dense layers on [N, C] and once with 1x1 convolutions on
 * [N, C, 1, 1] must get the same credit under every rule: the rules are defined per connection,
 * not per layer type. (Composites that pick rules by layer type are compared with a uniform rule.)
 */
class DenseConvEquivalenceTest {
    private static final int[] WIDTHS = { 6, 8, 5, 3 };

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "lrp0", "epsilon", "gamma", "alpha1Beta0", "alpha2Beta1", "zPlus" })
    void denseAndOneByOneConvolutionGetEqualCredit(String rule) {
        Random r = new Random(17);
        Nets dense = new Nets(1).input("x");
        Nets conv = new Nets(1).input("x");
        Map<String, Map<String, FloatTensor>> convParams = new HashMap<>();
        for (int l = 0; l < 3; l++) {
            int in = WIDTHS[l];
            int out = WIDTHS[l + 1];
            FloatTensor w = Nets.random(r, 0.7, in, out);
            FloatTensor b = Nets.random(r, 0.1, out);
            dense.op("l" + l, "dense");
            dense.params.put("l" + l, Map.of("W", w, "b", b));
            float[] kernel = new float[in * out];
            for (int i = 0; i < in; i++)
                for (int o = 0; o < out; o++)
                    kernel[o * in + i] = w.data()[i * out + o];
            conv.op("l" + l, "conv2d");
            convParams.put("l" + l, Map.of("W", new FloatTensor(new int[] { out, in, 1, 1 }, kernel), "b", b));
            if (l < 2) {
                dense.op("a" + l, "relu");
                conv.op("a" + l, "relu");
            }
        }
        FloatTensor x = Nets.random(r, 1, 4, WIDTHS[0]);
        RuleComposite composite = Composites.byName(rule, 0.01, 0.25, 0, 1);
        NetworkGraph gd = dense.build();
        NetworkGraph gc = conv.build();
        ParameterSource pc = ParameterSource.of(convParams);
        CreditEngine engine = new CreditEngine();
        NeuronRef target = new NeuronRef("l2", 1);
        CreditResult rd = engine.forwardCredit(CreditRequest.forward(gd, dense.parameters(), Map.of("x", x), target,
                composite), null);
        CreditResult rc = engine.forwardCredit(CreditRequest.forward(gc, pc, Map.of("x", x.reshape(4, WIDTHS[0], 1, 1)),
                target, composite), null);
        assertSame(rd, rc);
        CreditResult bd = engine.backwardCredit(CreditRequest.backward(gd, dense.parameters(), Map.of("x", x),
                new NeuronRef("a0", 2), GradientSeed.loss("l2")), null);
        CreditResult bc = engine.backwardCredit(CreditRequest.backward(gc, pc,
                Map.of("x", x.reshape(4, WIDTHS[0], 1, 1)), new NeuronRef("a0", 2), GradientSeed.loss("l2")), null);
        assertSame(bd, bc);
    }

    private static void assertSame(CreditResult a, CreditResult b) {
        assertEquals(a.layers().size(), b.layers().size());
        for (int k = 0; k < a.layers().size(); k++) {
            assertEquals(a.layers().get(k).nodeId(), b.layers().get(k).nodeId());
            assertArrayEquals(a.layers().get(k).contribution(), b.layers().get(k).contribution(), 1e-5f,
                    a.layers().get(k).nodeId());
            assertArrayEquals(a.layers().get(k).sampleTotals(), b.layers().get(k).sampleTotals(), 1e-5f);
        }
        assertArrayEquals(a.sampleScores(), b.sampleScores(), 1e-6f);
        assertArrayEquals(a.sampleRanking(), b.sampleRanking());
    }
}
