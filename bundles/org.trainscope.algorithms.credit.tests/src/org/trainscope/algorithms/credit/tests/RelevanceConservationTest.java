package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.RuleComposite;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.operators.FloatTensor;

/**
 * Relevance conservation layer by layer: in a chain every layer separates the input from the
 * target, so each layer's relevance must sum to the target's value, per sample. Exact (up to
 * float rounding) for conserving rules on bias-free networks; within tolerance for epsilon.
 */
class RelevanceConservationTest {
    private static final CreditEngine ENGINE = new CreditEngine();

    /** conv-relu-maxpool-conv-relu-avgpool-flatten-dense-relu-dense, bias-free, pixels in [0, 1]. */
    static Nets cnn() {
        return new Nets(21).input("x").conv("c1", 1, 4, 3, 1, 1, false).op("r1", "relu")
                .op("p1", "maxpool", Map.of("kernel_size", "2")).conv("c2", 4, 6, 3, 1, 1, false).op("r2", "relu")
                .op("p2", "avgpool", Map.of("kernel_size", "2")).op("f", "flatten").dense("d1", 6 * 2 * 2, 8, false)
                .op("r3", "relu").dense("d2", 8, 3, false);
    }

    static Stream<Arguments> conservingComposites() {
        return Stream.of(Arguments.of("lrp0", Composites.uniform(Rules.lrp0())),
                Arguments.of("zPlus", Composites.uniform(Rules.zPlus())),
                Arguments.of("alpha1beta0", Composites.uniform(Rules.alphaBeta(1, 0))),
                Arguments.of("alpha2beta1", Composites.uniform(Rules.alphaBeta(2, 1))),
                Arguments.of("gamma", Composites.uniform(Rules.gamma(0.25))),
                Arguments.of("epsilonPlusFlat (eps 0)", Composites.layered(0, Rules.zPlus(), Rules.flat())),
                Arguments.of("gammaBox (eps 0)", Composites.layered(0, Rules.gamma(0.25), Rules.zBox(0, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conservingComposites")
    void everyLayerSumsToTheTargetValue(String name, RuleComposite composite) {
        Nets net = cnn();
        FloatTensor x = Nets.uniform(new Random(3), 3, 1, 8, 8);
        ForwardTrace trace = ENGINE.forward(net.build(), net.parameters(), Map.of("x", x), null);
        NeuronRef target = new NeuronRef("d2", 1);
        Map<String, FloatTensor> r = ENGINE.relevance(trace, target, composite, null);
        FloatTensor a = trace.activation("d2");
        for (String layer : List.of("d2", "d1", "f", "p2", "r2", "c2", "p1", "r1", "c1", "x")) {
            for (int n = 0; n < 3; n++) {
                double expected = a.data()[n * 3 + 1];
                assertEquals(expected, sampleSum(r.get(layer), n), 1e-4 * Math.max(1, Math.abs(expected)),
                        name + ": layer " + layer + ", sample " + n);
            }
        }
    }

    @ParameterizedTest(name = "start at {0}")
    @MethodSource("hiddenTargets")
    void relevanceMayStartAtAnyNeuron(String node, int index) {
        Nets net = cnn();
        FloatTensor x = Nets.uniform(new Random(4), 2, 1, 8, 8);
        ForwardTrace trace = ENGINE.forward(net.build(), net.parameters(), Map.of("x", x), null);
        Map<String, FloatTensor> r = ENGINE.relevance(trace, new NeuronRef(node, index),
                Composites.uniform(Rules.lrp0()), null);
        FloatTensor a = trace.activation(node);
        int per = a.size() / 2;
        for (int n = 0; n < 2; n++) {
            assertEquals(a.data()[n * per + index], sampleSum(r.get("x"), n), 1e-4);
        }
    }

    static Stream<Arguments> hiddenTargets() {
        return Stream.of(Arguments.of("c2", 4 * 4 * 2 + 5), Arguments.of("p1", 7), Arguments.of("r3", 2));
    }

    @ParameterizedTest(name = "epsilon={0}")
    @MethodSource("epsilons")
    void epsilonConservesWithinTolerance(double epsilon) {
        Nets net = cnn();
        FloatTensor x = Nets.uniform(new Random(5), 2, 1, 8, 8);
        ForwardTrace trace = ENGINE.forward(net.build(), net.parameters(), Map.of("x", x), null);
        Map<String, FloatTensor> r = ENGINE.relevance(trace, new NeuronRef("d2", 0),
                Composites.uniform(Rules.epsilon(epsilon)), null);
        for (int n = 0; n < 2; n++) {
            double target = trace.activation("d2").data()[n * 3];
            double input = sampleSum(r.get("x"), n);
            // epsilon only absorbs relevance: |R_input| <= |R_target|, and the loss is small for small eps
            assertEquals(target, input, Math.abs(target) * (epsilon < 1e-3 ? 1e-3 : 0.9), "sample " + n);
        }
    }

    static Stream<Double> epsilons() {
        return Stream.of(1e-9, 1e-6, 0.01);
    }

    static double sampleSum(FloatTensor t, int n) {
        int per = t.size() / t.dim(0);
        double s = 0;
        for (int i = 0; i < per; i++) {
            s += t.data()[n * per + i];
        }
        return s;
    }
}
