package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.SamplingQuality;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.trace.TraceReader;

/**
 * The guarantee of the distributed blue-noise sampling (docs/scale-out.md), on 2 million synthetic
 * polylines with 40 planted outlier groups and polylines that turn NaN, reduced in 8 partitions and
 * compared with the single-machine sampler on the same file:
 * <ul>
 * <li>the same number of polylines, every pair at least the merge pass's radius apart (exact distances);</li>
 * <li>every planted group the single-machine sampler keeps is kept;</li>
 * <li>the earliest failure (a NaN polyline) is kept, as the single-machine sampler keeps it;</li>
 * <li>the tensor summary the job writes beside the trace (issue 16) is, byte for byte, the entry the
 * desktop computes in one pass, and the desktop finds it.</li>
 * </ul>
 */
class DistributedBlueNoiseTest {
    static final int POLYLINES = 2_000_000;
    static final int RECORDS = 16;
    static final double RATE = 0.002;

    @TempDir
    static Path tmp;
    static Traces.Planted planted;
    static InMemoryPolylineSource all;
    static SamplingResult single;
    static ReduceJob.TensorReport distributed;

    @BeforeAll
    static void sampleBothWays() throws Exception {
        planted = Traces.outliers(tmp.resolve("planted"), POLYLINES, RECORDS, 40, 11);
        float[] values = new float[POLYLINES * RECORDS];
        try (TraceReader reader = TraceReader.open(planted.trace())) {
            reader.readPolylines(planted.tensor(), 0, POLYLINES, 0, RECORDS, values);
        }
        all = new InMemoryPolylineSource(values, POLYLINES, RECORDS);
        ReduceOptions o = new ReduceOptions(RATE, 0, 1, 32, 2.0, POLYLINES / 8, 64L << 20, List.of(), 0, 50, -1, 2048);
        single = new BlueNoisePolylineSampler().sample(all, o.sampling(o.resolveSampleCount(POLYLINES)), null);
        distributed = ReduceJob.run(SparkTests.context(), planted.trace().toString(), tmp.resolve("reduced").toString(), o)
                .tensors().get(0);
    }

    @Test
    void sameSizeAndTheMinimumDistanceOfTheMergePass() {
        assertEquals(single.size(), distributed.sampled().length);
        assertEquals(8, distributed.partitions());
        assertTrue(distributed.unionSize() >= 2 * single.size() - 8, "each partition keeps twice its share: " + distributed.unionSize());
        assertEquals(single.metric().lo(), distributed.metric().lo(), "the same normalisation as the single machine");
        assertEquals(single.metric().scale(), distributed.metric().scale());
        double min = SamplingQuality.minimumPairwiseDistance(all, distributed.metric(), distributed.sampled());
        assertTrue(distributed.mergeRadius() > 0, "the merge pass kept the Poisson-disk property");
        assertTrue(min >= distributed.mergeRadius(), min + " >= radius " + distributed.mergeRadius());
        System.out.printf("distributed: radius %.4f, min distance %.4f; single machine: radius %.4f, min distance %.4f%n",
                distributed.mergeRadius(), min, single.finalRadius(),
                SamplingQuality.minimumPairwiseDistance(all, single.metric(), single.sortedIndices()));
    }

    @Test
    void everyPlantedGroupTheSingleMachineKeepsIsKept() {
        List<Integer> keptBySingle = keptGroups(single.sortedIndices());
        List<Integer> keptByDistributed = keptGroups(distributed.sampled());
        System.out.println("planted groups kept: single machine " + keptBySingle.size() + ", distributed "
                + keptByDistributed.size() + " of " + planted.groups().size());
        assertTrue(keptBySingle.size() >= 32, "the single-machine sampler keeps most groups: " + keptBySingle);
        assertTrue(keptByDistributed.containsAll(keptBySingle), keptByDistributed + " contains " + keptBySingle);
    }

    @Test
    void theEarliestFailureIsKeptAsTheSingleMachineKeepsIt() {
        assertTrue(Arrays.binarySearch(single.sortedIndices(), planted.earliestFailure()) >= 0);
        assertTrue(Arrays.binarySearch(distributed.sampled(), planted.earliestFailure()) >= 0);
    }

    @Test
    void theSummaryWrittenBesideTheTraceIsTheDesktopsOwnEntry() throws Exception {
        assertNotNull(distributed.summaryEntry(), "a summary was written");
        Path trace = planted.trace();
        assertEquals(trace.resolveSibling(trace.getFileName() + ".trainscope-cache"),
                Path.of(distributed.summaryEntry()).getParent(), "beside the trace, not inside it");
        try (TraceRun run = TraceRun.open(trace)) {
            TensorSummaryOnSparkTest.assertDesktopFindsItsOwnSummaries(run, List.of(planted.tensor()));
        }
    }

    private static List<Integer> keptGroups(int[] sortedSample) {
        List<Integer> kept = new ArrayList<>();
        for (int g = 0; g < planted.groups().size(); g++) {
            for (int i : planted.groups().get(g)) {
                if (Arrays.binarySearch(sortedSample, i) >= 0) {
                    kept.add(g);
                    break;
                }
            }
        }
        return kept;
    }
}
