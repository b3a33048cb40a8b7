package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.operators.FloatTensor;

/**
 * Credit runs only the part of the graph a request needs: a neuron before a VAE's z needs no
 * noise, one before an operator credit does not support is explained all the same; what is
 * needed and missing is named.
 */
class NeededPartTest {

    /** input → d1 → r1 → mu, logvar (both from r1) → z (no recorded noise) → d2, and r1 → an unsupported op. */
    private static Nets vaeWithoutNoise() {
        Nets net = new Nets(3).input("x").dense("d1", 5, 6, true).op("r1", "relu").dense("mu", 6, 4, true);
        net.graph.add(new Node("logvar", "logvar", NodeKind.OPERATOR, "dense", "", Map.of()));
        net.graph.connect("r1", "logvar");
        net.params.put("logvar", Map.of("W", Nets.random(new Random(4), 0.3, 6, 4)));
        net.op("z", "normal", Map.of("mean", "mu", "logVariance", "logvar"));
        net.graph.connect("logvar", "z");
        net.dense("d2", 4, 3, true);
        net.graph.add(new Node("odd", "odd", NodeKind.OPERATOR, "rrelu", "", Map.of()));
        net.graph.connect("r1", "odd");
        return net;
    }

    private static final FloatTensor X = Nets.random(new Random(5), 1, 7, 5);

    @Test
    void aNeuronBeforeZNeedsNoNoiseForwardOrBackward() {
        Nets net = vaeWithoutNoise();
        CreditEngine engine = new CreditEngine();
        CreditResult forward = engine.forwardCredit(CreditRequest.forward(net.build(), net.parameters(), Map.of("x", X),
                new NeuronRef("mu", 1), Composites.uniform(Rules.epsilon(1e-9))), null);
        assertTrue(forward.layer("x").isPresent(), "relevance reaches the input");
        assertTrue(Double.isFinite(forward.layer("d1").orElseThrow().total()));
        assertTrue(forward.layer("z").isEmpty() && forward.layer("logvar").isEmpty(), "nothing after or beside mu");
        CreditResult backward = engine.backwardCredit(CreditRequest.backward(net.build(), net.parameters(),
                Map.of("x", X), new NeuronRef("d1", 2), GradientSeed.loss("r1")), null);
        assertTrue(backward.layer("r1").isPresent());
    }

    @Test
    void whatIsNeededAndMissingIsNamed() {
        Nets net = vaeWithoutNoise();
        CreditEngine engine = new CreditEngine();
        IllegalArgumentException noNoise = assertThrows(IllegalArgumentException.class,
                () -> engine.forwardCredit(CreditRequest.forward(net.build(), net.parameters(), Map.of("x", X),
                        new NeuronRef("d2", 0), Composites.uniform(Rules.epsilon(1e-6))), null));
        assertTrue(noNoise.getMessage().contains("probeNoise"), noNoise.getMessage());
        IllegalArgumentException unsupported = assertThrows(IllegalArgumentException.class,
                () -> engine.forwardTo(net.build(), net.parameters(), Map.of("x", X), "odd", null));
        assertTrue(unsupported.getMessage().contains("odd") && unsupported.getMessage().contains("randomized ReLU"),
                unsupported.getMessage());
        IllegalArgumentException unrelated = assertThrows(IllegalArgumentException.class,
                () -> engine.backwardCredit(CreditRequest.backward(net.build(), net.parameters(), Map.of("x", X),
                        new NeuronRef("logvar", 0), GradientSeed.loss("mu")), null));
        assertTrue(unrelated.getMessage().contains("does not lead to mu"), unrelated.getMessage());
    }

    @Test
    void withTheNoiseNeuronsAfterZAreExplained() {
        Nets net = vaeWithoutNoise();
        Map<String, Map<String, FloatTensor>> params = new java.util.HashMap<>(net.params);
        params.put("z", Map.of("eps", Nets.random(new Random(6), 1, 7, 4)));
        CreditResult r = new CreditEngine().forwardCredit(CreditRequest.forward(net.build(),
                org.trainscope.algorithms.credit.ParameterSource.of(params), Map.of("x", X), new NeuronRef("d2", 0),
                Composites.uniform(Rules.epsilon(1e-9))), null);
        assertTrue(r.layer("mu").isPresent() && r.layer("logvar").isPresent(), "relevance passes z to both heads");
    }
}
