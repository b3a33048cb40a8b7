package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/**
 * Issue 16: the first open of a tensor with more polylines than blue noise takes exactly reads the
 * tensor once. The sampler's candidates ride on the summary's pass ({@code PassSharingSampler}), and
 * the sample they give is the one blue noise gives when it makes its own pass.
 */
class FirstOpenOnePassTest {
    private static final int NEURONS = 200_000;
    private static final int RECORDS = 20;
    private static final Map<String, String> BOUNDED = Map.of("candidateLimit", "4000", "outlierLimit", "500");

    @Test
    void theFirstOpenReadsTheTensorOnceAndSamplesAsASeparatePassWould() throws IOException {
        InMemoryTensorSeries tensor = Synthetic.tensor(NEURONS, RECORDS);
        CountingSeries firstOpen = new CountingSeries(tensor);
        DynamicsRequest request = DynamicsRequest.of(null, firstOpen).withSampler(DynamicsRequest.BLUE_NOISE, 100, 3,
                BOUNDED);
        DynamicsChartModel chart = DynamicsChartProvider.compute(request, null);
        long once = (long) NEURONS * RECORDS;
        // one pass, the stratified subset that fixes the summary's bins (16 x 1024 polylines) and the
        // metric's sample: well under two passes (the summary's and the candidates' made 2.1 here)
        assertTrue(firstOpen.values.get() < 1.3 * once,
                "read " + firstOpen.values.get() / (double) once + " times the tensor's values");
        assertEquals(100, chart.sampled().length);

        CountingSeries alone = new CountingSeries(tensor);
        int[] separate = DynamicsChartProvider.sample(DynamicsRequest.of(null, alone)
                .withSampler(DynamicsRequest.BLUE_NOISE, 100, 3, BOUNDED), null).selectionOrder();
        assertTrue(alone.values.get() >= once, "the sample alone makes its own candidate pass");
        assertArrayEquals(separate, chart.selectionOrder(), "the sample from the shared pass");
        // the planted neurons are outliers: the collector keeps them beside the stratified candidates, the
        // sampler takes many
        java.util.Set<Integer> sampled = new java.util.HashSet<>();
        for (int i : chart.sampled()) {
            sampled.add(i);
        }
        long planted = java.util.stream.IntStream.range(0, Synthetic.PLANTED)
                .map(k -> (int) ((long) k * NEURONS / Synthetic.PLANTED) + 17).filter(sampled::contains).count();
        // the sampled planted lines that diverge exponentially are in anomalous groups although they
        // share their pixels with each other on the linear axis they stretch
        java.util.Set<Integer> grouped = new java.util.HashSet<>();
        chart.groups().forEach(g -> java.util.Arrays.stream(g.polylines()).forEach(grouped::add));
        java.util.stream.IntStream.range(0, Synthetic.PLANTED).filter(k -> k % 4 == 0)
                .map(k -> (int) ((long) k * NEURONS / Synthetic.PLANTED) + 17).filter(sampled::contains)
                .forEach(i -> assertTrue(grouped.contains(i), "diverging neuron " + i + " in no group: " + chart.groups()));
        assertTrue(java.util.stream.IntStream.range(0, Synthetic.PLANTED).filter(k -> k % 4 == 0)
                .map(k -> (int) ((long) k * NEURONS / Synthetic.PLANTED) + 17).anyMatch(sampled::contains));
        // 17 of 40 here; 100 chosen at random of 200,000 would hold none
        assertTrue(planted >= Synthetic.PLANTED / 4, planted + " of the " + Synthetic.PLANTED + " planted neurons sampled");
    }

    @Test
    void upToTheCandidateLimitTheExactSamplerReadsForItself() throws IOException {
        InMemoryTensorSeries tensor = Synthetic.tensor(20_000, RECORDS);
        CountingSeries firstOpen = new CountingSeries(tensor);
        DynamicsRequest request = DynamicsRequest.of(null, firstOpen).withSampler(DynamicsRequest.BLUE_NOISE, 50, 3,
                Map.of());
        int[] shown = DynamicsChartProvider.compute(request, null).selectionOrder();
        int[] separate = DynamicsChartProvider.sample(DynamicsRequest.of(null, new CountingSeries(tensor))
                .withSampler(DynamicsRequest.BLUE_NOISE, 50, 3, Map.of()), null).selectionOrder();
        assertArrayEquals(separate, shown);
    }

    @Test
    void aPluginSamplerThatThrowsWhileRidingIsReportedAndTheFirstOpenGoesOn() throws IOException {
        RiderThrowingSampler.THROW_IN_FINISH = false;
        RiderThrowingSampler.VISITS.set(0);
        RiderThrowingSampler.FINISHES.set(0);
        InMemoryTensorSeries tensor = Synthetic.tensor(40_000, RECORDS);
        int reported = ContributionProblems.getDefault().of(RiderThrowingSampler.ID).size();
        DynamicsRequest request = DynamicsRequest.of(null, tensor).withSampler(RiderThrowingSampler.ID, 50, 3,
                Map.of());
        DynamicsChartModel chart = DynamicsChartProvider.compute(request, null);
        assertEquals(50, chart.sampled().length, "the sample from execute after the pass");
        assertEquals(40_000, chart.polylines().neuronCount());
        assertEquals(1, RiderThrowingSampler.VISITS.get(), "called no more once it threw");
        assertEquals(0, RiderThrowingSampler.FINISHES.get(), "a sampler that failed in the pass is not finished");
        List<ContributionProblem> problems = ContributionProblems.getDefault().of(RiderThrowingSampler.ID);
        assertEquals(reported + 1, problems.size(), "reported once: " + problems);
        assertTrue(problems.get(problems.size() - 1).cause().getMessage().contains("fails while riding"),
                problems.toString());
    }

    @Test
    void aPluginSamplerThatThrowsAfterThePassIsReportedAndSamplesOnItsOwn() throws IOException {
        RiderThrowingSampler.THROW_IN_FINISH = true;
        RiderThrowingSampler.VISITS.set(0);
        RiderThrowingSampler.FINISHES.set(0);
        try {
            InMemoryTensorSeries tensor = Synthetic.tensor(40_000, RECORDS);
            int reported = ContributionProblems.getDefault().of(RiderThrowingSampler.ID).size();
            DynamicsChartModel chart = DynamicsChartProvider.compute(DynamicsRequest.of(null, tensor)
                    .withSampler(RiderThrowingSampler.ID, 50, 3, Map.of()), null);
            assertEquals(50, chart.sampled().length, "the sample from execute after finish failed");
            assertTrue(RiderThrowingSampler.VISITS.get() >= 1, "it rode the pass");
            assertEquals(1, RiderThrowingSampler.FINISHES.get());
            List<ContributionProblem> problems = ContributionProblems.getDefault().of(RiderThrowingSampler.ID);
            assertEquals(reported + 1, problems.size(), "reported once: " + problems);
            assertTrue(problems.get(problems.size() - 1).cause().getMessage().contains("fails in finish"),
                    problems.toString());
        } finally {
            RiderThrowingSampler.THROW_IN_FINISH = false;
        }
    }
}
