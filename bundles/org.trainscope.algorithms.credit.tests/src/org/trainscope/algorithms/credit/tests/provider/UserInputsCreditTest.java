package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.inputs.InputSet;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.InputCredit;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;

/** The provider on inputs the user brings instead of the recorded probe, on a real PyTorch trace. */
class UserInputsCreditTest {
    @TempDir
    static Path dir;

    private static TraceRun run;
    private static FloatTensor probe;

    @BeforeAll
    static void record() throws Exception {
        run = PyTorchFixture.record(dir);
        TensorSeries p = run.probeInputs().orElseThrow();
        float[] v = new float[p.neuronCount()];
        p.readSnapshot(0, v);
        probe = new FloatTensor(p.shape(), v);
    }

    @AfterAll
    static void close() {
        run.close();
    }

    private static CreditGraphModel explain(Direction direction, InputSet inputs) throws Exception {
        CreditTarget target = CreditTarget.ofNode(run, "4", 2);
        return new CreditGraphProvider().compute(CreditGraphRequest.of(target, direction, "epsilonGammaBox", 19, 4)
                .withInputs(inputs), new NullProgressMonitor());
    }

    @Test
    void theProbeBroughtAsUserInputsGivesTheProbesForwardCredit() throws Exception {
        CreditGraphModel recorded = explain(Direction.FORWARD, null);
        // the same values as flat rows: read in the network's [1, 8, 8] layout
        CreditGraphModel brought = explain(Direction.FORWARD, new InputSet(probe.reshape(4, 64), "probe.npy"));
        assertEquals("probe.npy", brought.inputSource());
        assertEquals("the recorded probe inputs", recorded.inputSource());
        assertArrayEquals(recorded.result().sampleScores(), brought.result().sampleScores(), 1e-6f);
        assertArrayEquals(recorded.result().layer("0").orElseThrow().contribution(),
                brought.result().layer("0").orElseThrow().contribution(), 1e-6f);
        float[][] rows = brought.relevanceRows();
        assertEquals(4, rows.length, "one relevance row per input");
        assertEquals(64, rows[0].length);
        assertTrue(brought.inputs().stream().allMatch(i -> i.label() == -1), "user inputs have no labels");
        assertTrue(recorded.inputs().stream().allMatch(i -> i.label() >= 0), "probe inputs have labels");
    }

    @Test
    void aNaNInAUserInputIsDataAndIsExplained() throws Exception {
        float[] two = Arrays.copyOf(probe.data(), 2 * 64);
        two[64 + 10] = Float.NaN;
        CreditGraphModel m = explain(Direction.FORWARD, new InputSet(new FloatTensor(new int[] { 2, 1, 8, 8 }, two),
                "two inputs"));
        assertEquals(2, m.inputs().size());
        assertTrue(m.warnings().stream().anyMatch(w -> w.contains("1 of the 128 input values are NaN or Inf")),
                m.warnings().toString());
        InputCredit bad = m.inputs().stream().filter(i -> i.input() == 1).findFirst().orElseThrow();
        assertTrue(Float.isNaN(bad.values()[10]), "the value is passed through as it is");
        assertEquals(64, bad.relevance().length, "and the input is explained like the other");
    }

    @Test
    void backwardOnUserInputsStartsAtAStandInLossSinceTheyHaveNoLabels() throws Exception {
        CreditGraphModel m = explain(Direction.BACKWARD, new InputSet(probe, "probe again"));
        assertTrue(!m.method().contains("probe labels"), m.method());
        assertEquals(4, m.inputs().size());
    }

    @Test
    void inputsOfTheWrongShapeAreRefusedWithTheShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> explain(Direction.FORWARD, new InputSet(FloatTensor.zeros(2, 3, 8, 8), "rgb.npy")));
        assertTrue(e.getMessage().contains("rgb.npy") && e.getMessage().contains("192 values")
                && e.getMessage().contains("[1, 8, 8]"), e.getMessage());
    }
}
