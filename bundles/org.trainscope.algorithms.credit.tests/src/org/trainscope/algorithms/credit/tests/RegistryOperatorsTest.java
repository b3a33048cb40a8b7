package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.BuiltInOperators;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.ForwardTrace;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.OperatorLookup;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorDescriptor;
import org.trainscope.core.operators.OperatorManager;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/**
 * The default engine takes its operators from {@code org.trainscope.core.operators}: the built-in
 * ones arrive there through this bundle's plugin.xml, a plug-in's (this fragment's fragment.xml)
 * are used the same way, and a broken contribution is reported once without breaking the rest.
 */
class RegistryOperatorsTest {
    private static final FloatTensor X = Nets.random(new Random(8), 1, 3, 4);

    @Test
    void theBuiltInOperatorsAreContributedThroughTheRegistry() {
        for (String type : BuiltInOperators.types()) {
            OperatorDescriptor d = OperatorManager.getInstance().operator(type).orElseThrow(() -> new AssertionError(type));
            assertEquals(BuiltInOperators.find(type).orElseThrow().getClass(), d.operator().orElseThrow().getClass());
        }
    }

    @Test
    void theDefaultEngineRunsAContributedOperator() {
        Nets net = new Nets(4).input("x").dense("d", 4, 5, true).op("half", "test.credit.halve");
        ForwardTrace trace = new CreditEngine().forward(net.build(), net.parameters(), Map.of("x", X), null);
        float[] dense = trace.activation("d").data();
        float[] half = trace.activation("half").data();
        for (int i = 0; i < dense.length; i++) {
            assertEquals(dense[i] / 2, half[i], 1e-7);
        }
        CreditResult credit = new CreditEngine().forwardCredit(CreditRequest.forward(net.build(), net.parameters(),
                Map.of("x", X), new NeuronRef("half", 2), Composites.uniform(Rules.epsilon(1e-9))), null);
        assertTrue(credit.layer("x").isPresent(), "relevance passes the contributed operator down to the input");
        IllegalArgumentException builtInOnly = assertThrows(IllegalArgumentException.class,
                () -> new CreditEngine(OperatorLookup.builtIn()).forward(net.build(), net.parameters(), Map.of("x", X), null));
        assertTrue(builtInOnly.getMessage().contains("no operator implements type 'test.credit.halve'"),
                builtInOnly.getMessage());
    }

    @Test
    void aBrokenContributionIsReportedOnceAndTheOthersKeepWorking() {
        Nets broken = new Nets(5).input("x").dense("d", 4, 5, true).op("b", "test.credit.broken");
        for (int attempt = 0; attempt < 3; attempt++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new CreditEngine().forward(broken.build(), broken.parameters(), Map.of("x", X), null));
            assertTrue(e.getMessage().contains("node b") && e.getMessage().contains("'test.credit.broken'"),
                    e.getMessage());
        }
        List<ContributionProblem> problems = ContributionProblems.getDefault().of("test.credit.broken");
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).cause() instanceof IllegalStateException, problems.toString());
        assertEquals(OperatorManager.EXTENSION_POINT, problems.get(0).extensionPoint());

        Nets fine = new Nets(5).input("x").dense("d", 4, 5, true).op("r", "relu").op("half", "test.credit.halve");
        CreditResult credit = new CreditEngine().forwardCredit(CreditRequest.forward(fine.build(), fine.parameters(),
                Map.of("x", X), new NeuronRef("half", 0), Composites.uniform(Rules.epsilon(1e-9))), null);
        assertTrue(credit.layer("d").isPresent() && credit.layer("x").isPresent());
    }
}
