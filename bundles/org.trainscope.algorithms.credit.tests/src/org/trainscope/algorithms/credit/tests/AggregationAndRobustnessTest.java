package org.trainscope.algorithms.credit.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditAlgorithm;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.GradientSeed;
import org.trainscope.algorithms.credit.LayerCredit;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.ParameterSource;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.operators.FloatTensor;

/** Aggregation over samples and snapshots, ranking, heatmaps, NaN handling, cancellation, determinism. */
class AggregationAndRobustnessTest {
    private final Nets net = RelevanceConservationTest.cnn();
    private final FloatTensor x = Nets.uniform(new Random(31), 5, 1, 8, 8);
    private final NeuronRef target = new NeuronRef("d2", 0);

    private CreditRequest request() {
        return CreditRequest.forward(net.build(), net.parameters(), Map.of("x", x), target,
                Composites.uniform(Rules.lrp0()));
    }

    @Test
    void averagesOverSnapshotsAreTheMeanOfSingleSnapshotResults() {
        Nets other = RelevanceConservationTest.cnn();
        // a second snapshot: every weight scaled by 1.1 (deterministic, different relevance)
        Map<String, Map<String, FloatTensor>> scaled = new HashMap<>();
        other.params.forEach((node, p) -> {
            Map<String, FloatTensor> q = new HashMap<>();
            p.forEach((name, t) -> {
                float[] d = t.data().clone();
                for (int i = 0; i < d.length; i++) {
                    d[i] *= 1.1f;
                }
                q.put(name, new FloatTensor(t.shape(), d));
            });
            scaled.put(node, q);
        });
        ParameterSource second = ParameterSource.of(scaled);
        CreditEngine engine = new CreditEngine();
        CreditResult a = engine.forwardCredit(request(), null);
        CreditResult b = engine.forwardCredit(request().withSnapshots(List.of(second)), null);
        CreditResult both = engine.forwardCredit(request().withSnapshots(List.of(net.parameters(), second)), null);
        assertEquals(2, both.snapshotCount());
        float[] ca = a.layer("c1").orElseThrow().contribution();
        float[] cb = b.layer("c1").orElseThrow().contribution();
        float[] cm = both.layer("c1").orElseThrow().contribution();
        for (int i = 0; i < cm.length; i++) {
            assertEquals((ca[i] + cb[i]) / 2, cm[i], 1e-5);
        }
    }

    @Test
    void aSubsetOfSamplesIsRankedByHowStronglyItDrivesTheNeuron() {
        CreditEngine engine = new CreditEngine();
        CreditResult all = engine.forwardCredit(request(), null);
        CreditResult some = engine.forwardCredit(request().withSamples(new int[] { 4, 1, 3 }), null);
        assertArrayEquals(new int[] { 4, 1, 3 }, some.samples());
        for (int k = 0; k < 3; k++) {
            assertEquals(all.sampleScores()[some.samples()[k]], some.sampleScores()[k], 1e-6);
        }
        int[] ranking = some.sampleRanking();
        for (int k = 1; k < ranking.length; k++) {
            assertTrue(Math.abs(all.sampleScores()[ranking[k - 1]]) >= Math.abs(all.sampleScores()[ranking[k]]));
        }
        double mean = 0;
        for (int s : some.samples()) {
            mean += all.layer("x").orElseThrow().sampleTotals()[s] / 3;
        }
        assertEquals(mean, some.layer("x").orElseThrow().total(), 1e-4);
    }

    @Test
    void heatmapsAndTopNeuronsDescribeTheInput() {
        CreditResult r = new CreditEngine().forwardCredit(request().withTopK(5), null);
        FloatTensor map = r.heatmap("x", 2);
        assertArrayEquals(new int[] { 8, 8 }, map.shape());
        assertEquals(r.layer("x").orElseThrow().sampleTotals()[2], RelevanceConservationTest.sampleSum(map.reshape(1, 64), 0),
                1e-4);
        List<LayerCredit.NeuronScore> top = r.layer("c2").orElseThrow().top();
        assertEquals(5, top.size());
        for (int k = 1; k < top.size(); k++) {
            assertTrue(Math.abs(top.get(k - 1).value()) >= Math.abs(top.get(k).value()));
        }
    }

    @Test
    void nanAndInfinityPropagateAsData() {
        Nets bad = RelevanceConservationTest.cnn();
        bad.params.get("d1").get("W").data()[3] = Float.NaN;
        FloatTensor input = Nets.uniform(new Random(32), 3, 1, 8, 8);
        input.data()[64] = Float.POSITIVE_INFINITY; // sample 1 has an infinite pixel at (0, 0)
        CreditEngine engine = new CreditEngine();
        CreditRequest forward = CreditRequest.forward(bad.build(), bad.parameters(), Map.of("x", input), target,
                Composites.recommended(0, 1));
        CreditResult r = assertDoesNotThrow(() -> engine.forwardCredit(forward, null));
        assertTrue(hasNonFinite(r.layer("x").orElseThrow().contribution()));
        CreditResult b = assertDoesNotThrow(() -> engine.backwardCredit(CreditRequest.backward(bad.build(),
                bad.parameters(), Map.of("x", input), new NeuronRef("c2", 3), GradientSeed.loss("d2")), null));
        assertTrue(hasNonFinite(b.layer("d1").orElseThrow().contribution()));
        // a non-finite score ranks first: the bad input is found
        Nets good = RelevanceConservationTest.cnn();
        CreditResult g = engine.forwardCredit(CreditRequest.forward(good.build(), good.parameters(), Map.of("x", input),
                new NeuronRef("c1", 0), Composites.recommended(0, 1)).withSamples(null), null);
        assertTrue(!Float.isFinite(g.sampleScores()[1]), "neuron 0 of c1 sees pixel (0, 0)");
        assertEquals(1, g.sampleRanking()[0]);
    }

    private static boolean hasNonFinite(float[] v) {
        for (float f : v) {
            if (!Float.isFinite(f)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void cancellationStopsTheWork() {
        NullProgressMonitor cancelled = new NullProgressMonitor();
        cancelled.setCanceled(true);
        assertThrows(OperationCanceledException.class, () -> new CreditEngine().forwardCredit(request(), cancelled));
    }

    @Test
    void resultsAreDeterministic() {
        CreditResult a = new CreditEngine().forwardCredit(request(), null);
        CreditResult b = new CreditEngine().forwardCredit(request(), null);
        for (int k = 0; k < a.layers().size(); k++) {
            assertArrayEquals(a.layers().get(k).contribution(), b.layers().get(k).contribution());
        }
    }

    @Test
    void algorithmsWrapTheEngine() {
        CreditResult direct = new CreditEngine().forwardCredit(CreditRequest.forward(net.build(), net.parameters(),
                Map.of("x", x), target, Composites.byName("epsilonAlpha2Beta1", 0.01, 0.25, 0, 1)), null);
        CreditResult viaAlgorithm = new CreditAlgorithm.ForwardLrp().execute(request(),
                AlgorithmParameters.of(Map.of("rule", "epsilonAlpha2Beta1", "epsilon", 0.01)), new NullProgressMonitor());
        assertArrayEquals(direct.layer("x").orElseThrow().contribution(),
                viaAlgorithm.layer("x").orElseThrow().contribution());
        CreditRequest backward = CreditRequest.backward(net.build(), net.parameters(), Map.of("x", x),
                new NeuronRef("c1", 5), GradientSeed.loss("d2"));
        CreditResult b = new CreditAlgorithm.BackwardDecomposition().execute(backward,
                AlgorithmParameters.of(Map.of("topK", 3L)), new NullProgressMonitor());
        assertEquals(3, b.layer("c2").orElseThrow().top().size());
    }
}
