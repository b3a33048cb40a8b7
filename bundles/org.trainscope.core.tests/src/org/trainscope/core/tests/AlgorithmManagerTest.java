package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.algorithms.ParameterType;

class AlgorithmManagerTest {
    private final AlgorithmManager manager = AlgorithmManager.getInstance();

    @Test
    void declaredParametersAreTypedAndChecked() {
        AlgorithmDescriptor d = manager.algorithm("test.sampler.everyNth").orElseThrow();
        assertEquals("sampler", d.kind());
        assertEquals(3, d.version());
        assertEquals(ParameterType.INTEGER, d.parameters().get(0).type());
        AlgorithmParameters defaults = d.parameters(Map.of());
        assertEquals(2, defaults.getInt("step"));
        assertEquals("mode=fast;step=2", defaults.canonical());
        assertEquals(5, d.parameters(Map.of("step", "5")).getInt("step"));
        assertThrows(IllegalArgumentException.class, () -> d.parameters(Map.of("step", "0")));
        assertThrows(IllegalArgumentException.class, () -> d.parameters(Map.of("step", "two")));
        assertThrows(IllegalArgumentException.class, () -> d.parameters(Map.of("mode", "slow")));
        assertThrows(IllegalArgumentException.class, () -> d.parameters(Map.of("speed", "1")));
    }

    @Test
    void goodAlgorithmRunsAndBrokenOnesAreReported() {
        List<AlgorithmDescriptor> stubs = manager.algorithms("sampler").stream()
                .filter(d -> d.id().startsWith("test.")).toList();
        assertEquals(4, stubs.size());
        AlgorithmDescriptor good = manager.algorithm("test.sampler.everyNth").orElseThrow();
        int[] picked = good.execute(7, int[].class, good.parameters(Map.of("step", 3)), new NullProgressMonitor())
                .orElseThrow();
        assertArrayEquals(new int[] { 0, 3, 6 }, picked);

        for (String broken : List.of("test.sampler.missing", "test.sampler.ctorThrows", "test.sampler.methodThrows")) {
            AlgorithmDescriptor d = manager.algorithm(broken).orElseThrow();
            assertTrue(d.execute(7, int[].class, AlgorithmParameters.of(Map.of("step", 1L)), new NullProgressMonitor())
                    .isEmpty(), broken);
            ContributionFaults.reported(broken);
        }
        assertTrue(ContributionFaults.reported("test.sampler.methodThrows")
                .cause() instanceof UnsupportedOperationException);
    }

    @Test
    void wrongInputTypeIsRefused() {
        AlgorithmDescriptor good = manager.algorithm("test.sampler.everyNth").orElseThrow();
        assertTrue(good.create(String.class, int[].class).isEmpty());
        assertTrue(good.create(Integer.class, int[].class).isPresent());
    }

    @Test
    void cancellationIsNotAFault() {
        AlgorithmDescriptor good = manager.algorithm("test.sampler.everyNth").orElseThrow();
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class,
                () -> good.execute(7, int[].class, good.parameters(Map.of()), cancelled));
        assertTrue(ContributionFaults.notReported("test.sampler.everyNth"));
    }
}
