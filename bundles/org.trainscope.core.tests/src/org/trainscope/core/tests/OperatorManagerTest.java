package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.Node;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.OperatorManager;

class OperatorManagerTest {
    private final OperatorManager manager = OperatorManager.getInstance();
    private final FloatTensor x = new FloatTensor(new int[] { 1, 3 }, new float[] { 1, -2, Float.NaN });

    private static OperatorContext context(String type) {
        return new OperatorContext(Node.operator("n1", type), Map.of());
    }

    @Test
    void goodOperatorRuns() {
        FloatTensor y = manager.operator("test.identity").orElseThrow().operator().orElseThrow()
                .forward(context("test.identity"), List.of(x));
        assertArrayEquals(x.data(), y.data());
    }

    @Test
    void brokenOperatorsAreReportedAndUnavailable() {
        assertTrue(manager.operator("test.missing").isEmpty());
        assertTrue(manager.operator("test.ctorThrows").isEmpty());
        ContributionFaults.reported("test.missing");
        ContributionFaults.reported("test.ctorThrows");
    }

    @Test
    void throwingOperatorGivesEmptyResultAndIsReported() {
        var d = manager.operator("test.methodThrows").orElseThrow();
        Optional<FloatTensor> y = d.contribution().call(op -> op.forward(context("test.methodThrows"), List.of(x)));
        assertTrue(y.isEmpty());
        assertTrue(ContributionFaults.reported("test.methodThrows").cause() instanceof IllegalArgumentException);
    }
}
