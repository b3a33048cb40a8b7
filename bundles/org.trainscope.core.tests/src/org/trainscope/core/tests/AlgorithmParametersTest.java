package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.AlgorithmParameters;

/** {@code name=value} assignments (the command line's --param) parsed against a contribution's declarations. */
class AlgorithmParametersTest {
    private final AlgorithmDescriptor sampler = AlgorithmManager.getInstance().algorithm("test.sampler.everyNth")
            .orElseThrow();

    @Test
    void assignmentsAreParsedCheckedAndCompletedWithDefaults() {
        AlgorithmParameters p = AlgorithmParameters.parse(sampler.parameters(), List.of("step=7", "mode=exact"));
        assertEquals(7, p.getInt("step"));
        assertEquals("exact", p.getString("mode"));
        assertEquals("mode=fast;step=3", AlgorithmParameters.parse(sampler.parameters(), List.of("step= 3")).canonical());
        assertEquals("mode=fast;step=2", AlgorithmParameters.parse(sampler.parameters(), List.of()).canonical());
    }

    @Test
    void badAssignmentsSayWhatIsWrong() {
        assertMessage("name=value", List.of("step"));
        assertMessage("name=value", List.of("=3"));
        assertMessage("given twice", List.of("step=3", "step=4"));
        assertMessage("unknown parameter 'speed'", List.of("speed=1"));
        assertMessage("outside [1.0, 1000.0]", List.of("step=0"));
        assertMessage("not a valid integer", List.of("step=two"));
        assertMessage("not one of [fast, exact]", List.of("mode=slow"));
    }

    private void assertMessage(String expected, List<String> assignments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AlgorithmParameters.parse(sampler.parameters(), assignments));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
