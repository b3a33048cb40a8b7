package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.provider.CreditGraphLayout;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;

/** The view's whole computation on a real PyTorch trace, without the view. */
class CreditGraphProviderTest {
    @TempDir
    static Path dir;

    private static TraceRun run;

    @BeforeAll
    static void record() throws Exception {
        run = PyTorchFixture.record(dir);
    }

    @AfterAll
    static void close() {
        run.close();
    }

    private static CreditTarget dense(int outputNeuron, int probe) {
        // 4.act is [4 probe inputs, 3 classes]: units are the 3 classes
        return CreditTarget.of(run, run.tensor("4.act").orElseThrow(), outputNeuron, probe).orElseThrow();
    }

    @Test
    void aTargetIsAUnitAsUsersCountThemOnOneOrAllProbeInputs() {
        CreditTarget t = dense(2, 1);
        assertEquals("4", t.nodeId());
        assertEquals(2, t.neuron());
        assertEquals(1, t.probe());
        assertEquals("unit 2 of 4 on probe input 1", t.describe());
        assertEquals(-1, dense(2, -1).probe());
        assertTrue(CreditTarget.of(run, run.tensor("4.act").orElseThrow(), 3, -1).isEmpty(), "only 3 units");
        assertTrue(CreditTarget.of(run, run.tensor("0.weight").orElseThrow(), 0, -1).isEmpty(), "weights are no neurons");
        CreditTarget conv = CreditTarget.of(run, run.tensor("0.act").orElseThrow(), 1 * 36 + 2 * 6 + 3, -1).orElseThrow();
        assertTrue(conv.describe().startsWith("channel 1 (y 2, x 3) of 0"), conv.describe());
    }

    @Test
    void forwardCreditReachesEveryEarlierLayerDownToTheInput() throws Exception {
        var o = new CreditGraphProvider().compute(CreditGraphRequest.of(dense(0, -1), Direction.FORWARD, "epsilonGammaBox",
                19, 4), null);
        var layout = CreditGraphLayout.layout(o.graph(), n -> new double[] { 90, 36 });
        // conv 0 → relu 1 → maxpool 2 → flatten 3 → dense 4: relu and flatten are drawn with the
        // operator before them (CreditGraphs), the result still has every layer
        assertEquals(Set.of("4", "2", "0", "input"), o.graph().layerIds());
        assertTrue(o.result().layer("1").isPresent() && o.result().layer("3").isPresent());
        assertEquals(4, o.result().sampleRanking().length);
        assertEquals(Set.of("input"), o.result().inputRelevance().keySet());
        assertArrayEquals2(new int[] { 8, 8 }, o.result().heatmap("input", 0).shape());
        assertEquals("unit 0", o.graph().target().unitName());
        assertTrue(o.graph().nodes().stream().filter(n -> n.layerId().equals("0"))
                .allMatch(n -> n.unitName().matches("channel \\d \\(y \\d, x \\d\\)")), "conv units as (channel, y, x)");
        double targetX = layout.boxes().get("4#0").x();
        o.graph().nodes().stream().filter(n -> !n.target())
                .forEach(n -> assertTrue(layout.boxes().get(n.id()).x() < targetX, n.id() + " left of the target"));
    }

    @Test
    void backwardCreditStartsAtTheCrossEntropyOfTheProbeLabels() throws Exception {
        var o = new CreditGraphProvider().compute(CreditGraphRequest.of(
                CreditTarget.of(run, run.tensor("3.act").orElseThrow(), 5, 1).orElseThrow(), Direction.BACKWARD, "", 19, 3),
                null);
        assertTrue(o.method().contains("cross-entropy"), o.method());
        assertEquals(Set.of("3", "4"), o.graph().layerIds());
        assertEquals(1, o.result().samples().length, "aggregated over the selected input only");
        // dL/da_i is the sum of its contributions over the layer after it (chain rule)
        float sum = 0;
        for (float v : o.result().layer("4").orElseThrow().contribution()) {
            sum += v;
        }
        assertEquals(o.graph().target().value(), sum, 1e-6);
    }

    private static void assertArrayEquals2(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }
}
