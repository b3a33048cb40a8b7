package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.trainscope.algorithms.credit.IForwardDerivative;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;

/**
 * Every operator's backward and tangent against central finite differences of its forward
 * (in <g, f(x)>), and relevance conservation of the operators that mix inputs.
 */
class MixingOperatorsTest {

    record Case(String type, Map<String, String> attrs, Map<String, FloatTensor> params, List<FloatTensor> inputs) {
        @Override
        public String toString() {
            return type + attrs;
        }
    }

    static Stream<Arguments> cases() {
        Random r = new Random(41);
        FloatTensor a = Nets.random(r, 1, 2, 3, 2, 2);
        FloatTensor b = Nets.random(r, 1, 2, 3, 2, 2);
        FloatTensor c = Nets.random(r, 1, 2, 5, 2, 2);
        FloatTensor mu = Nets.random(r, 1, 3, 4);
        FloatTensor logvar = Nets.random(r, 0.5, 3, 4);
        FloatTensor eps = Nets.random(r, 1, 3, 4);
        FloatTensor small = Nets.random(r, 0.4, 3, 4);
        FloatTensor probabilities = probabilities(r, 3, 4);
        FloatTensor classes = new FloatTensor(new int[] { 3 }, new float[] { 2, 0, 3 });
        FloatTensor targets = probabilities(r, 3, 4);
        Map<String, FloatTensor> bn = Map.of("gamma", Nets.random(r, 1, 3), "beta", Nets.random(r, 1, 3), "mean",
                Nets.random(r, 1, 3), "var", Nets.uniform(r, 3));
        return Stream.of(
                Arguments.of(new Case("add", Map.of(), Map.of(), List.of(a, b))),
                Arguments.of(new Case("concat", Map.of(), Map.of(), List.of(a, c))),
                Arguments.of(new Case("concat", Map.of("axis", "-1"), Map.of(), List.of(a, b))),
                Arguments.of(new Case("reparameterize", Map.of(), Map.of(), List.of(mu, logvar, eps))),
                Arguments.of(new Case("reparameterize", Map.of(), Map.of("eps", eps), List.of(mu, logvar))),
                Arguments.of(new Case("batchnorm", Map.of(), bn, List.of(a))),
                Arguments.of(new Case("softplus", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("sigmoid", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("tanh", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("leakyrelu", Map.of("negative_slope", "0.2"), Map.of(), List.of(a))),
                Arguments.of(new Case("reshape", Map.of("shape", "[-1, 2]"), Map.of(), List.of(a))),
                Arguments.of(new Case("flatten", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("dropout", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("softmax", Map.of(), Map.of(), List.of(mu))),
                Arguments.of(new Case("softmax", Map.of("dim", "1"), Map.of(), List.of(a))),
                Arguments.of(new Case("logsoftmax", Map.of("dim", "-1"), Map.of(), List.of(a))),
                Arguments.of(new Case("elu", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("selu", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("hardtanh", Map.of(), Map.of(), List.of(small))),
                Arguments.of(new Case("relu6", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("softsign", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("swish", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("cube", Map.of(), Map.of(), List.of(a))),
                Arguments.of(new Case("gaussian", Map.of("activation", "sigmoid"), Map.of(), List.of(mu))),
                Arguments.of(new Case("bernoulli", Map.of(), Map.of(), List.of(mu))),
                Arguments.of(new Case("conv_transpose2d", Map.of("stride", "2", "padding", "1", "output_padding", "1"),
                        Map.of("weight", Nets.random(r, 1, 3, 2, 3, 3)), List.of(a))),
                Arguments.of(new Case("conv2d", Map.of("groups", "2", "dilation", "2", "padding", "same"),
                        Map.of("weight", Nets.random(r, 1, 4, 1, 3, 3)), List.of(Nets.random(r, 1, 1, 2, 5, 5)))),
                Arguments.of(new Case("loss", Map.of("function", "LossNegativeLogLikelihood()"), Map.of("labels", classes),
                        List.of(probabilities))),
                Arguments.of(new Case("loss", Map.of("function", "LossBinaryXENT()"), Map.of("labels", targets),
                        List.of(probabilities))),
                Arguments.of(new Case("loss", Map.of("function", "LossMSE()"), Map.of("labels", targets),
                        List.of(probabilities))));
    }

    /** Values in [0.2, 0.8]: probabilities where the logarithms of the losses are smooth. */
    private static FloatTensor probabilities(Random r, int... shape) {
        FloatTensor u = Nets.uniform(r, shape);
        float[] d = u.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = 0.2f + 0.6f * d[i];
        }
        return new FloatTensor(shape, d);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void backwardAndTangentMatchFiniteDifferences(Case c) {
        IOperator op = Ops.op(c.type());
        OperatorContext ctx = Ops.context(c.type(), c.attrs(), c.params());
        FloatTensor y = op.forward(ctx, c.inputs());
        FloatTensor g = Nets.random(new Random(5), 1, y.shape());
        List<FloatTensor> grads = op.backward(ctx, c.inputs(), y, g);
        for (int k = 0; k < c.inputs().size(); k++) {
            FloatTensor x = c.inputs().get(k);
            for (int i = 0; i < x.size(); i++) {
                double fd = difference(op, ctx, c.inputs(), k, i, g, 1e-2);
                assertEquals(fd, grads.get(k).data()[i], 2e-3 * Math.max(1, Math.abs(fd)), "input " + k + "/" + i);
            }
            // tangent along e_i of input k equals column i of the Jacobian: <g, J e_i> = grad_i
            for (int i = 0; i < x.size(); i += 3) {
                FloatTensor[] t = new FloatTensor[c.inputs().size()];
                t[k] = FloatTensor.zeros(x.shape());
                t[k].data()[i] = 1f;
                FloatTensor jv = ((IForwardDerivative) op).tangent(ctx, c.inputs(), y, java.util.Arrays.asList(t));
                assertEquals(grads.get(k).data()[i], Ops.dot(g.data(), jv.data()), 1e-4);
            }
        }
    }

    private static double difference(IOperator op, OperatorContext ctx, List<FloatTensor> inputs, int k, int i,
            FloatTensor g, double h) {
        double[] f = new double[2];
        for (int s = 0; s < 2; s++) {
            FloatTensor[] in = inputs.toArray(new FloatTensor[0]);
            float[] d = in[k].data().clone();
            d[i] += s == 0 ? h : -h;
            in[k] = new FloatTensor(in[k].shape(), d);
            f[s] = Ops.dot(op.forward(ctx, List.of(in)).data(), g.data());
        }
        return (f[0] - f[1]) / (2 * h);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void relevanceIsConservedWhereTheRuleConserves(Case c) {
        if (c.type().equals("batchnorm") || c.type().equals("loss")) {
            return; // LRP-0 lets the shift absorb relevance by design (documented); a loss has no relevance
        }
        IOperator op = Ops.op(c.type());
        OperatorContext ctx = Ops.context(c.type(), c.attrs(), c.params());
        FloatTensor y = op.forward(ctx, c.inputs());
        FloatTensor r = Nets.random(new Random(6), 1, y.shape());
        double total = 0;
        for (FloatTensor part : op.relevance(ctx, c.inputs(), y, r, Rules.lrp0())) {
            for (float v : part.data()) {
                total += v;
            }
        }
        double expected = 0;
        for (float v : r.data()) {
            expected += v;
        }
        assertEquals(expected, total, 1e-3 * Math.max(1, Math.abs(expected)));
    }
}
