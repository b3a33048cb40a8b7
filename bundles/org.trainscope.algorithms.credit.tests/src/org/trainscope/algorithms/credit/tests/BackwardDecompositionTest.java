package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.core.operators.FloatTensor;

/**
 * Backward contributions dL/da_j * da_j/da_i of every later layer must sum to dL/da_i. The
 * reference gradient is computed independently: a double-precision re-implementation of the
 * network, differentiated by central finite differences at the target neuron.
 */
class BackwardDecompositionTest {
    private static final int N = 3;
    private static final int[] WIDTHS = { 5, 7, 6, 4, 3 };
    private static final String[] ACTIVATIONS = { "tanh", "sigmoid", "softplus" };

    private final Nets net = build();
    private final FloatTensor x = Nets.random(new Random(2), 1, N, WIDTHS[0]);
    private final FloatTensor v = Nets.random(new Random(3), 1, N, WIDTHS[4]);

    /** x - d0 - tanh - d1 - sigmoid - d2 - softplus - d3, with biases; loss L = sum v * d3. */
    private static Nets build() {
        Nets n = new Nets(12).input("x");
        for (int l = 0; l < 4; l++) {
            n.dense("d" + l, WIDTHS[l], WIDTHS[l + 1], true);
            if (l < 3) {
                n.op("a" + l, ACTIVATIONS[l]);
            }
        }
        return n;
    }

    /** The loss of sample n, in double, with the target neuron's value replaced by {@code value}. */
    private double loss(int n, String targetNode, int index, double value) {
        double[] a = new double[WIDTHS[0]];
        for (int i = 0; i < a.length; i++) {
            a[i] = x.data()[n * WIDTHS[0] + i];
        }
        for (int l = 0; l < 4; l++) {
            float[] w = net.params.get("d" + l).get("W").data();
            float[] b = net.params.get("d" + l).get("b").data();
            double[] z = new double[WIDTHS[l + 1]];
            for (int j = 0; j < z.length; j++) {
                double s = b[j];
                for (int i = 0; i < a.length; i++) {
                    s += a[i] * w[i * z.length + j];
                }
                z[j] = s;
            }
            if (targetNode.equals("d" + l)) {
                z[index] = value;
            }
            if (l < 3) {
                for (int j = 0; j < z.length; j++) {
                    z[j] = switch (ACTIVATIONS[l]) {
                        case "tanh" -> Math.tanh(z[j]);
                        case "sigmoid" -> 1 / (1 + Math.exp(-z[j]));
                        default -> Math.log1p(Math.exp(z[j]));
                    };
                }
                if (targetNode.equals("a" + l)) {
                    z[index] = value;
                }
            }
            a = z;
        }
        double loss = 0;
        for (int j = 0; j < a.length; j++) {
            loss += v.data()[n * a.length + j] * a[j];
        }
        return loss;
    }

    @Test
    void laterLayersSumToTheFiniteDifferenceGradient() {
        CreditEngine engine = new CreditEngine();
        ForwardTrace trace = engine.forward(net.build(), net.parameters(), Map.of("x", x), null);
        for (NeuronRef target : List.of(new NeuronRef("a0", 3), new NeuronRef("d1", 2), new NeuronRef("a1", 0))) {
            Map<String, FloatTensor> c = engine.contributions(trace, target, GradientSeed.upstream("d3", v), null);
            int per = trace.activation(target.nodeId()).size() / N;
            for (int n = 0; n < N; n++) {
                double a = trace.activation(target.nodeId()).data()[n * per + target.index()];
                double h = 1e-5;
                double fd = (loss(n, target.nodeId(), target.index(), a + h)
                        - loss(n, target.nodeId(), target.index(), a - h)) / (2 * h);
                for (String later : c.keySet()) {
                    double sum = RelevanceConservationTest.sampleSum(c.get(later), n);
                    assertEquals(fd, sum, 1e-4 * Math.max(1, Math.abs(fd)),
                            "target " + target + ", layer " + later + ", sample " + n);
                }
            }
        }
    }

    @Test
    void resultNamesEveryLaterLayerAndTheGradientPerSample() {
        CreditEngine engine = new CreditEngine();
        CreditRequest request = CreditRequest.backward(net.build(), net.parameters(), Map.of("x", x),
                new NeuronRef("a0", 1), GradientSeed.upstream("d3", v));
        CreditResult result = engine.backwardCredit(request, null);
        assertEquals(List.of("a0", "d1", "a1", "d2", "a2", "d3"),
                result.layers().stream().map(l -> l.nodeId()).toList());
        for (var layer : result.layers()) {
            for (int n = 0; n < N; n++) {
                assertEquals(result.sampleScores()[n], layer.sampleTotals()[n], 1e-5);
            }
        }
    }

    @Test
    void aLossNodeSeedsGradientOneOnEveryOutput() {
        CreditEngine engine = new CreditEngine();
        ForwardTrace trace = engine.forward(net.build(), net.parameters(), Map.of("x", x), null);
        FloatTensor ones = new FloatTensor(new int[] { N, WIDTHS[4] }, new float[N * WIDTHS[4]]);
        java.util.Arrays.fill(ones.data(), 1f);
        Map<String, FloatTensor> a = engine.contributions(trace, new NeuronRef("d1", 0), GradientSeed.loss("d3"), null);
        Map<String, FloatTensor> b = engine.contributions(trace, new NeuronRef("d1", 0),
                GradientSeed.upstream("d3", ones), null);
        for (String k : a.keySet()) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(b.get(k).data(), a.get(k).data());
        }
    }
}
