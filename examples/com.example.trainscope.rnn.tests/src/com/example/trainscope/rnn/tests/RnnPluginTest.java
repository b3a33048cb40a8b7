package com.example.trainscope.rnn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.modeltypes.ModelTypeManager;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.OperatorManager;

/**
 * What a third party's plug-in gets from TrainScope's public API alone: its model type is
 * recognised among the built-in ones, and credit assignment runs through its operator.
 */
class RnnPluginTest {
    private static final int IN = 3;
    private static final int HIDDEN = 4;
    private static final int CLASSES = 2;
    private static final int BATCH = 5;

    /** Three time steps unrolled: h_t = cell(x_t, h_{t-1}), then a dense read-out. */
    private static NetworkGraph unrolled() {
        NetworkGraph.Builder b = NetworkGraph.builder();
        for (String source : List.of("x1", "x2", "x3", "h0")) {
            b.add(new Node(source, source, NodeKind.OPERATOR, "input", "recurrent", Map.of()));
        }
        b.add(new Node("c1", "t1", NodeKind.OPERATOR, "rnnCell", "recurrent", Map.of()));
        b.add(new Node("c2", "t2", NodeKind.OPERATOR, "rnnCell", "recurrent", Map.of()));
        b.add(new Node("c3", "t3", NodeKind.OPERATOR, "rnnCell", "recurrent", Map.of()));
        b.add(new Node("out", "read-out", NodeKind.OPERATOR, "dense", "output", Map.of()));
        return b.connect("x1", "c1").connect("h0", "c1").connect("x2", "c2").connect("c1", "c2").connect("x3", "c3")
                .connect("c2", "c3").connect("c3", "out").build();
    }

    private static FloatTensor random(Random r, int... shape) {
        FloatTensor t = FloatTensor.zeros(shape);
        for (int i = 0; i < t.size(); i++) {
            t.data()[i] = (float) r.nextGaussian() * 0.8f;
        }
        return t;
    }

    /** Bias-free weights shared by the three steps, as in a real RNN. */
    private static ParameterSource weights(Random r) {
        Map<String, FloatTensor> cell = Map.of("Wx", random(r, IN, HIDDEN), "Wh", random(r, HIDDEN, HIDDEN));
        return ParameterSource.of(Map.of("c1", cell, "c2", cell, "c3", cell, "out",
                Map.of("W", random(r, HIDDEN, CLASSES))));
    }

    @Test
    void theModelTypeIsRecognisedAmongTheBuiltInOnes() {
        assertEquals("rnn", ModelTypeManager.getInstance().recognize(unrolled()).orElseThrow().id());
        assertTrue(ModelTypeManager.getInstance().modelType("mlp").isPresent(), "built-in types are installed too");
    }

    @Test
    void lrpThroughTheContributedCellConservesRelevance() {
        assertTrue(OperatorManager.getInstance().operator("rnnCell").isPresent());
        Random r = new Random(11);
        Map<String, FloatTensor> inputs = Map.of("x1", random(r, BATCH, IN), "x2", random(r, BATCH, IN), "x3",
                random(r, BATCH, IN), "h0", FloatTensor.zeros(BATCH, HIDDEN));
        CreditEngine engine = new CreditEngine(); // the product's engine: operators from the registry
        ForwardTrace trace = engine.forward(unrolled(), weights(r), inputs, null);
        Map<String, FloatTensor> relevance = engine.relevance(trace, new NeuronRef("out", 1),
                Composites.uniform(Rules.lrp0()), null);
        for (int n = 0; n < BATCH; n++) {
            double target = trace.activation("out").data()[n * CLASSES + 1];
            double atSources = 0;
            for (String source : List.of("x1", "x2", "x3", "h0")) {
                atSources += sum(relevance.get(source), n);
            }
            // LRP-0 on a bias-free network: what reaches the inputs is exactly the target's value
            assertEquals(target, atSources, 1e-4 * Math.max(1, Math.abs(target)), "sample " + n);
            assertTrue(Math.abs(sum(relevance.get("x1"), n)) > 0, "the first step gets credit too");
        }
    }

    @Test
    void theCellsGradientMatchesFiniteDifferences() {
        Random r = new Random(5);
        IOperator cell = OperatorManager.getInstance().operator("rnnCell").orElseThrow().operator().orElseThrow();
        OperatorContext context = new OperatorContext(new Node("c", "c", NodeKind.OPERATOR, "rnnCell", "", Map.of()),
                Map.of("Wx", random(r, IN, HIDDEN), "Wh", random(r, HIDDEN, HIDDEN), "b", random(r, HIDDEN)));
        FloatTensor x = random(r, 1, IN);
        FloatTensor h = random(r, 1, HIDDEN);
        FloatTensor y = cell.forward(context, List.of(x, h));
        FloatTensor upstream = random(r, 1, HIDDEN);
        List<FloatTensor> grads = cell.backward(context, List.of(x, h), y, upstream);
        float step = 1e-3f;
        for (int i = 0; i < IN; i++) {
            float keep = x.data()[i];
            x.data()[i] = keep + step;
            double plus = dot(cell.forward(context, List.of(x, h)), upstream);
            x.data()[i] = keep - step;
            double minus = dot(cell.forward(context, List.of(x, h)), upstream);
            x.data()[i] = keep;
            assertEquals((plus - minus) / (2 * step), grads.get(0).data()[i], 2e-3, "d/dx" + i);
        }
    }

    private static double sum(FloatTensor t, int sample) {
        int per = t.size() / BATCH;
        double s = 0;
        for (int i = 0; i < per; i++) {
            s += t.data()[sample * per + i];
        }
        return s;
    }

    private static double dot(FloatTensor a, FloatTensor b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) {
            s += a.data()[i] * b.data()[i];
        }
        return s;
    }
}
