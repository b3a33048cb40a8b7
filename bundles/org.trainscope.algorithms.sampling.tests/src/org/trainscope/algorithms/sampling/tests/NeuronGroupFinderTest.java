package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.provider.NeuronGroup;
import org.trainscope.algorithms.sampling.provider.NeuronGroupFinder;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.TensorKind;

/**
 * Anomalous neuron groups on a planted trace: 5,000 neurons decaying with noise over 200 records,
 * and three planted groups - 15 that diverge upward from record 140 (each at its own rate), 12 that
 * turn NaN at record 152, 10 that spike at records 60-62. Sampled as Training Dynamics samples
 * (blue noise, 300), each planted group must come back as one group of the right pattern and onset,
 * made of planted neurons. (The NaN neurons share one failure and a finite part like the bulk's:
 * the sampler keeps a few of them, which is enough to show the failure; the others are within its
 * radius.)
 */
class NeuronGroupFinderTest {
    private static final int NEURONS = 5000;
    private static final int RECORDS = 200;
    private static final Set<Integer> DIVERGING = IntStream.range(100, 115).boxed().collect(Collectors.toSet());
    private static final Set<Integer> NAN = IntStream.range(2000, 2012).boxed().collect(Collectors.toSet());
    private static final Set<Integer> SPIKING = IntStream.range(3500, 3510).boxed().collect(Collectors.toSet());
    private static DynamicsChartModel chart;

    @BeforeAll
    static void plantAndSample() throws IOException {
        Random random = new Random(3);
        double[] level = new double[NEURONS];
        double[] rate = new double[NEURONS];
        for (int i = 0; i < NEURONS; i++) {
            level[i] = 1 + 0.2 * random.nextGaussian();
            rate[i] = 0.15 + 0.1 * random.nextDouble();
        }
        InMemoryTensorSeries t = new InMemoryTensorSeries("planted.act", "planted", TensorKind.ACTIVATION, NEURONS);
        for (int r = 0; r < RECORDS; r++) {
            float[] row = new float[NEURONS];
            for (int i = 0; i < NEURONS; i++) {
                double v = level[i] * Math.exp(-r / 80.0) + 0.03 * random.nextGaussian();
                if (DIVERGING.contains(i) && r >= 140) {
                    v += rate[i] * (r - 140);
                }
                if (SPIKING.contains(i) && r >= 60 && r <= 62) {
                    v += 5 + 0.5 * random.nextGaussian();
                }
                row[i] = NAN.contains(i) && r >= 152 ? Float.NaN : (float) v;
            }
            t.append(r * 10L, row);
        }
        chart = DynamicsChartProvider.compute(DynamicsRequest.of(null, t), new NullProgressMonitor());
    }

    @Test
    void thePlantedDivergenceIsOneGroup() {
        NeuronGroup g = recovered(DIVERGING, NeuronGroup.Pattern.DIVERGES, 3);
        assertTrue(g.iteration() >= 1400 && g.iteration() <= 1500, g + " starts at iteration " + g.iteration());
        assertTrue(g.description().startsWith("diverges upward at it. "), g.description());
    }

    @Test
    void thePlantedNaNsAreOneGroupFromTheirIteration() {
        NeuronGroup g = recovered(NAN, NeuronGroup.Pattern.NAN, 1);
        assertEquals(1520, g.iteration());
        assertEquals("NaN from it. 1520", g.description());
    }

    @Test
    void thePlantedSpikesAreOneGroup() {
        NeuronGroup g = recovered(SPIKING, NeuronGroup.Pattern.SPIKES, 3);
        assertTrue(g.iteration() >= 600 && g.iteration() <= 620, g + " starts at iteration " + g.iteration());
    }

    /** No two rows of the list read the same: groups named alike are one group. */
    @Test
    void groupsNamedAlikeAreOne() {
        List<String> names = chart.groups().stream().map(g -> g.pattern() + " " + g.description()).toList();
        assertEquals(new HashSet<>(names).size(), names.size(), "one row per name: " + names);
        NeuronGroup early = new NeuronGroup(NeuronGroup.Pattern.SPIKES, "spikes downward at it. 1", new int[] { 8, 3 },
                1, 10, 2.0);
        NeuronGroup other = new NeuronGroup(NeuronGroup.Pattern.SPIKES, "spikes downward at it. 1", new int[] { 5 }, 1,
                10, 5.0);
        NeuronGroup upward = new NeuronGroup(NeuronGroup.Pattern.SPIKES, "spikes upward at it. 1", new int[] { 4 }, 1,
                10, 1.0);
        List<NeuronGroup> merged = NeuronGroupFinder.mergeAlike(List.of(early, upward, other));
        assertEquals(2, merged.size(), merged.toString());
        assertArrayEquals(new int[] { 3, 5, 8 }, merged.get(0).polylines());
        assertEquals(3.0, merged.get(0).distance(), 1e-12, "the members' mean distance");
        assertEquals("spikes upward at it. 1", merged.get(1).description());
    }

    @Test
    void groupsAreListedByOnsetAndDisjoint() {
        List<NeuronGroup> groups = chart.groups();
        Set<Integer> seen = new HashSet<>();
        long previous = Long.MIN_VALUE;
        for (NeuronGroup g : groups) {
            for (int p : g.polylines()) {
                assertTrue(seen.add(p), p + " is in two groups: " + groups);
                assertTrue(chart.isSampled(p), p + " is not sampled");
            }
            long key = g.onset() < 0 ? Long.MAX_VALUE : g.onset();
            assertTrue(key >= previous, "by onset: " + groups);
            previous = key;
        }
    }

    /**
     * The group holding most of the planted group's sampled members: of the expected pattern, with
     * at least 80 % of them, and planted members making at least 80 % of it.
     */
    private static NeuronGroup recovered(Set<Integer> planted, NeuronGroup.Pattern pattern, int kept) {
        Set<Integer> sampled = planted.stream().filter(chart::isSampled).collect(Collectors.toSet());
        assertTrue(sampled.size() >= kept, "the sampler keeps planted outliers: " + sampled.size() + " of " + planted);
        NeuronGroup best = null;
        long bestShared = -1;
        for (NeuronGroup g : chart.groups()) {
            long shared = Arrays.stream(g.polylines()).filter(planted::contains).count();
            if (shared > bestShared) {
                best = g;
                bestShared = shared;
            }
        }
        String all = chart.groups().stream().map(g -> g + " " + Arrays.toString(g.polylines()))
                .collect(Collectors.joining("\n"));
        assertTrue(best != null && best.pattern() == pattern, "expected a " + pattern + " group of " + sampled
                + ", found:\n" + all);
        assertTrue(bestShared >= 0.8 * sampled.size(), bestShared + " of " + sampled + " in " + best + "\n" + all);
        assertTrue(bestShared >= 0.8 * best.size(), "mostly planted: " + best + "\n" + all);
        return best;
    }
}
