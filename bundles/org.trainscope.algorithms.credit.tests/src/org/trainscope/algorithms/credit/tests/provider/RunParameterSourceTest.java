package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.algorithms.credit.provider.RunInputs;
import org.trainscope.algorithms.credit.provider.RunParameterSource;

/** The recorded parameters and probe inputs of a run, as the credit engine reads them. */
class RunParameterSourceTest {
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

    private static float[] snapshot(String tensor, int record) throws Exception {
        TensorSeries t = run.tensor(tensor).orElseThrow();
        float[] v = new float[t.neuronCount()];
        t.readSnapshot(record, v);
        return v;
    }

    @Test
    void pyTorchConvParametersComeFromItsParameterNodesUnderTheirShortNames() throws Exception {
        long[] its = RunParameterSource.parameterIterations(run);
        assertEquals(20, its.length);
        Map<String, FloatTensor> p = new RunParameterSource(run, its[7]).parameters("0");
        assertArrayEquals(new int[] { 2, 1, 3, 3 }, p.get("weight").shape());
        assertArrayEquals(new int[] { 2 }, p.get("bias").shape());
        assertArrayEquals(snapshot("0.weight", 7), p.get("weight").data());
        assertArrayEquals(snapshot("0.bias", 7), p.get("bias").data());
        assertEquals(java.util.Set.of("weight", "bias"), p.keySet(), "gradients and updates are not parameters");
    }

    @Test
    void pyTorchDenseWeightKeepsItsOutInLayout() {
        Map<String, FloatTensor> p = new RunParameterSource(run, 19).parameters("4");
        assertArrayEquals(new int[] { 3, 18 }, p.get("weight").shape());
    }

    @Test
    void operatorsWithoutParametersGetNone() {
        RunParameterSource p = new RunParameterSource(run, 0);
        assertTrue(p.parameters("1").isEmpty());
        assertTrue(p.parameters("3").isEmpty());
    }

    @Test
    void probeInputsFeedTheInputNode() throws Exception {
        Map<String, FloatTensor> in = RunInputs.of(run);
        assertEquals(List.of("input"), List.copyOf(in.keySet()));
        assertArrayEquals(new int[] { 4, 1, 8, 8 }, in.get("input").shape());
    }

    @Test
    void theEngineRunsTheRecordedNetworkAndReproducesTheRecordedActivations() throws Exception {
        var trace = new CreditEngine().forward(run.graph(), new RunParameterSource(run, 12), RunInputs.of(run), null);
        float[] recorded = snapshot("4.act", 12);
        float[] computed = trace.activation("4").data();
        assertEquals(recorded.length, computed.length);
        for (int i = 0; i < recorded.length; i++) {
            assertEquals(recorded[i], computed[i], 1e-4, "output " + i);
        }
    }

    @Test
    void aSnapshotIsTheLastRecordAtOrBeforeTheIteration() {
        // weights recorded at iterations 0 and 10 only: iteration 7 reads those of 0, 15 those of 10
        InMemoryTensorSeries w = new InMemoryTensorSeries("d.W", "d", TensorKind.WEIGHT, 2, 1);
        w.append(0, new float[] { 1, 2 }).append(10, new float[] { 3, 4 });
        Run r = dl4jStyle(w);
        assertArrayEquals(new float[] { 1, 2 }, new RunParameterSource(r, 7).parameters("d").get("W").data());
        assertArrayEquals(new float[] { 3, 4 }, new RunParameterSource(r, 15).parameters("d").get("W").data());
        assertTrue(new RunParameterSource(r, -1).parameters("d").isEmpty());
    }

    @Test
    void dl4jParametersOnTheOperatorNodeKeepTheirNamesAndAliases() {
        InMemoryTensorSeries w = new InMemoryTensorSeries("d.W", "d", TensorKind.WEIGHT, 2, 1);
        w.append(0, new float[] { 1, 2 });
        Map<String, FloatTensor> p = new RunParameterSource(dl4jStyle(w), 0).parameters("d");
        assertSame(p.get("W"), p.get("weight"));
    }

    @Test
    void theViewStartsAtTheLastIterationWhoseWeightsAreAllFinite() {
        InMemoryTensorSeries w = new InMemoryTensorSeries("d.W", "d", TensorKind.WEIGHT, 2, 1);
        InMemoryTensorSeries b = new InMemoryTensorSeries("d.b", "d.b", TensorKind.BIAS, 1);
        w.append(0, new float[] { 1, 2 }).append(10, new float[] { 3, 4 }).append(20, new float[] { 5, Float.NaN })
                .append(30, new float[] { 7, 8 });
        b.append(0, new float[] { 0 }).append(10, new float[] { 0 }).append(20, new float[] { 0 })
                .append(30, new float[] { Float.POSITIVE_INFINITY });
        Run r = BasicRun.builder("nan", Path.of("nan")).graph(dl4jStyle(w).graph()).tensor(w).tensor(b).build();
        long[] its = RunParameterSource.parameterIterations(r);
        assertEquals(1, RunParameterSource.lastFiniteIndex(r, its), "20 has a NaN weight, 30 an infinite bias");
        assertEquals(-1, RunParameterSource.lastFiniteIndex(r, new long[0]));
        InMemoryTensorSeries allNaN = new InMemoryTensorSeries("d.W", "d", TensorKind.WEIGHT, 1);
        allNaN.append(0, new float[] { Float.NaN }).append(5, new float[] { Float.NaN });
        assertEquals(1, RunParameterSource.lastFiniteIndex(dl4jStyle(allNaN), new long[] { 0, 5 }),
                "nothing finite: the last record, so that the user sees the failure");
    }

    @Test
    void aRunWithoutProbeInputsIsExplained() {
        InMemoryTensorSeries w = new InMemoryTensorSeries("d.W", "d", TensorKind.WEIGHT, 2, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunInputs.of(dl4jStyle(w)));
        assertTrue(e.getMessage().contains("probe inputs"), e.getMessage());
    }

    private static Run dl4jStyle(TensorSeries w) {
        NetworkGraph g = NetworkGraph.builder().add(Node.operator("in", "input")).add(Node.operator("d", "dense"))
                .add(new Node("d.b", "b", NodeKind.PARAMETER, "", "", Map.of())).connect("in", "d").connect("d.b", "d")
                .build();
        return BasicRun.builder("dl4j", Path.of("dl4j")).graph(g).tensor(w).build();
    }
}
