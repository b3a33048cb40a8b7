package org.trainscope.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.trainscope.algorithms.sampling.summary.SummaryBinning;
import org.trainscope.algorithms.sampling.summary.SummaryMerge;
import org.trainscope.algorithms.sampling.summary.SummaryPart;
import org.trainscope.algorithms.sampling.summary.SummaryPass;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.core.model.AveragedTensorSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.RecordSubsetSeries;
import org.trainscope.core.model.TensorSeries;

import scala.Tuple2;

/**
 * The desktop's tensor summaries (docs/summary-cache.md §5) of the tensors a reduction reads, for
 * all tensors of a trace at once (a trace of small tensors must not cost a Spark job per tensor):
 * <ol>
 * <li>one job reads each tensor's stratified subset and fixes its binning, as the desktop does (of
 * the records the desktop's chart of the whole run covers: all, or 200 spread over a longer run);</li>
 * <li>each partition's task runs the summary pass over its range ({@link NeuronBlock}) and hands
 * back a {@link SummaryPart};</li>
 * <li>a tensor with a probe axis is also summarised as the desktop charts it by default, each unit's
 * mean over the probe inputs: tasks over ranges of units read every probe input's block of them
 * ({@link #meanParts});</li>
 * <li>rounds of shuffles merge up to {@value #FAN_IN} neighbouring stretches of a tensor per task
 * (100,000 partitions of a tensor: 6 rounds), the last one all of a tensor's stretches into its
 * summary's one part;</li>
 * <li>the driver takes those parts one partition at a time and writes each tensor's entry beside the
 * run's top trace ({@link TraceSummaryWriter}).</li>
 * </ol>
 * A tensor whose subset cannot be read, or whose entry cannot be written, gets a warning and no
 * summary; the reduction goes on.
 */
final class TensorSummaryJob {
    /** Stretches of neurons one task merges in a round. */
    static final int FAN_IN = 8;
    /** Polylines per tile a part's values are handed to the summary pass in (the desktop scan's strip). */
    private static final int TILE = 8192;

    private TensorSummaryJob() {
    }

    /**
     * What a summary covers: the series the desktop's chart of the whole run is drawn from
     * ({@link TensorSummaries#summarised}: the tensor, or for a run of more than 200 records those
     * spread over it) and its binning.
     *
     * @param records  the tensor's records the summary covers, null for all
     * @param seriesId the id the desktop keys that series' summary by
     * @param tensor   index of the tensor in the job's list
     * @param probes   0 for the values as recorded; P for the means over the P probe inputs of a tensor
     *                 with a probe axis (the desktop's default chart of it, {@link #series})
     */
    record Plan(SummaryBinning binning, int[] records, String seriesId, int tensor, int probes) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A plan, or why there is none. */
    private record Binning(Plan plan, String problem) implements Serializable {
    }

    /**
     * The plans of the job's summaries. Entry {@code i < data.size()} is tensor i's summary of its
     * values as recorded (null where its subset could not be read: a warning says why); after them
     * come the summaries of the means over the probe inputs, one for each tensor with a probe axis
     * of {@code probes} inputs.
     */
    static List<Plan> plans(JavaSparkContext sc, List<TensorData> data, int probes, List<String> warnings) {
        List<int[]> wanted = new ArrayList<>(); // (tensor, probes) of each plan
        for (int i = 0; i < data.size(); i++) {
            wanted.add(new int[] { i, 0 });
        }
        for (int i = 0; i < data.size(); i++) {
            if (ActivationKMeans.probeAxis(data.get(i), probes) > 0) {
                wanted.add(new int[] { i, probes });
            }
        }
        if (wanted.isEmpty()) {
            return List.of();
        }
        List<Binning> found = sc.parallelize(wanted, Math.min(wanted.size(), 4 * sc.defaultParallelism()))
                .map(w -> binning(data.get(w[0]), w[0], w[1])).collect();
        List<Plan> out = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).problem() != null) {
                warnings.add("no summary of " + data.get(wanted.get(i)[0]).id() + (wanted.get(i)[1] > 0 ? "'s means over probe inputs" : "")
                        + " for the desktop: reading its subset failed: " + found.get(i).problem());
            }
            if (i < data.size() || found.get(i).plan() != null) {
                out.add(found.get(i).plan());
            }
        }
        return out;
    }

    /**
     * The series a summary covers, as the desktop's Training Dynamics draws it by default: the values
     * as recorded, or for a tensor with a probe axis each unit's mean over the probe inputs (the
     * desktop's {@code NeuronGrouping.UNITS}), over the records {@link TensorSummaries#summarised} picks.
     */
    static TensorSeries series(TensorData t, int probes) {
        TensorSeries recorded = new HadoopTensorSeries(t);
        TensorSeries polylines = probes == 0 ? recorded
                : AveragedTensorSeries.perUnit(recorded,
                        NeuronLayout.of(probes, Arrays.copyOfRange(t.recordShape(), 1, t.recordShape().length)));
        return TensorSummaries.summarised(polylines);
    }

    private static Binning binning(TensorData t, int tensor, int probes) {
        try {
            TensorSeries series = series(t, probes);
            int[] records = series instanceof RecordSubsetSeries subset ? subset.records() : null;
            return new Binning(new Plan(TensorSummaries.binning(series), records, series.id(), tensor, probes), null);
        } catch (IOException | RuntimeException e) {
            return new Binning(null, e.getMessage());
        }
    }

    /**
     * The part of a summary over polylines {@code [first, first + count)} of its series: their values
     * (neuron-major, {@code length} points each) at the summary's records ({@code records}, indices
     * into those points; null for all) handed to a summary pass in record-major tiles of
     * {@link #TILE} polylines, as the desktop's record-tile scan does.
     */
    static SummaryPart part(SummaryBinning binning, float[] polylines, int length, int[] records, int first, int count,
            int neurons) {
        int[] picked = records != null ? records : IntStream.range(0, length).toArray();
        SummaryPass pass = new SummaryPass(neurons, picked.length, binning, TensorSummaries.RESERVOIR_SEED);
        int width = Math.min(TILE, count);
        float[] tile = new float[width * picked.length];
        for (int at = 0; at < count; at += width) {
            int n = Math.min(width, count - at);
            for (int k = 0; k < n; k++) {
                for (int r = 0; r < picked.length; r++) {
                    tile[r * n + k] = polylines[(at + k) * length + picked[r]];
                }
            }
            pass.visit(first + at, n, 0, picked.length, tile, n);
        }
        return SummaryPart.of(pass.finish(), first, count);
    }

    /**
     * The parts of the summaries of means over probe inputs ({@link #plans} beyond the tensors):
     * tasks over ranges of units, each reading its units' values on every probe input (one block per
     * probe input and chunk) and averaging them as the desktop does. Keyed by plan index.
     *
     * @param options its block width or memory budget sizes the ranges, as it sizes the tensors' partitions
     * @param widths set to the width of each plan's ranges
     * @param parts  set to the number of each plan's ranges
     */
    static JavaPairRDD<Integer, SummaryPart> meanParts(JavaSparkContext sc, List<TensorData> data, List<Plan> plans,
            ReduceOptions options, int parallelism, long[] widths, long[] parts) {
        List<int[]> ranges = new ArrayList<>(); // (plan, first unit, units)
        for (int p = data.size(); p < plans.size(); p++) {
            Plan plan = plans.get(p);
            TensorData t = data.get(plan.tensor());
            int units = t.neurons() / plan.probes();
            // a range's polylines over the records the summarised ones are picked from (all of them when
            // spread), their double sums as they are averaged, and the summary's picks
            long perUnit = 16L * t.records() + 4L * (plan.records() != null ? plan.records().length : 0);
            long spread = Math.max(4096, (units + 2L * parallelism - 1) / (2L * parallelism));
            int per = options.blockNeurons() > 0 ? Math.min(options.blockNeurons(), units)
                    : (int) Math.max(1, Math.min(units, Math.min(options.blockBytes() / perUnit, spread)));
            for (int first = 0; first < units; first += per) {
                ranges.add(new int[] { p, first, Math.min(per, units - first) });
                widths[p] = Math.max(widths[p], Math.min(per, units - first));
                parts[p]++;
            }
        }
        if (ranges.isEmpty()) {
            return sc.parallelizePairs(new ArrayList<Tuple2<Integer, SummaryPart>>());
        }
        return sc.parallelize(ranges, ranges.size()).mapToPair(r -> {
            Plan plan = plans.get(r[0]);
            TensorSeries series = series(data.get(plan.tensor()), plan.probes());
            int length = series.iterationCount();
            float[] polylines = new float[Math.multiplyExact(r[2], length)];
            series.readPolylines(r[1], r[2], 0, length, polylines);
            return new Tuple2<>(r[0], part(plan.binning(), polylines, length, null, r[1], r[2], series.neuronCount()));
        });
    }

    /**
     * Merges the summaries' parts and writes each one's entry beside {@code summaryTrace}.
     *
     * @param keyedParts   the parts of every summary, keyed by its index in {@code plans}
     * @param blockNeurons the width of each summary's parts (the last one narrower)
     * @param parts        the number of parts of each summary
     * @return each plan's entry (its JSON file), null where none was written
     */
    static String[] write(JavaPairRDD<Integer, SummaryPart> keyedParts, List<Plan> plans, long[] blockNeurons,
            long[] parts, String summaryTrace, int parallelism, List<String> warnings) {
        String[] entries = new String[plans.size()];
        JavaPairRDD<Integer, SummaryPart> level = keyedParts;
        int partitions = Math.max(1, Math.min(plans.size(), 2 * parallelism));
        long[] widths = blockNeurons.clone();
        for (long count = Arrays.stream(parts).max().orElse(0); count > FAN_IN; count = (count + FAN_IN - 1) / FAN_IN) {
            for (int t = 0; t < widths.length; t++) {
                widths[t] = Math.multiplyExact(widths[t], FAN_IN);
            }
            long[] stretch = widths.clone();
            level = level.mapToPair(p -> new Tuple2<>(new Tuple2<>(p._1(), p._2().firstNeuron() / stretch[p._1()]), p._2()))
                    .groupByKey(partitions).mapToPair(g -> new Tuple2<>(g._1()._1(), merged(g._2())));
        }
        Iterator<Tuple2<Integer, SummaryPart>> whole = level.groupByKey(partitions)
                .mapValues(TensorSummaryJob::merged).toLocalIterator();
        while (whole.hasNext()) {
            Tuple2<Integer, SummaryPart> summary = whole.next();
            String seriesId = plans.get(summary._1()).seriesId();
            try {
                entries[summary._1()] = TraceSummaryWriter.write(summaryTrace, seriesId, summary._2());
            } catch (IOException | RuntimeException e) {
                warnings.add("no summary of " + seriesId + " written beside "
                        + HadoopTraces.label(new org.apache.hadoop.fs.Path(summaryTrace)) + " for the desktop: "
                        + e.getMessage());
            }
        }
        return entries;
    }

    /** Neighbouring stretches of a tensor's neurons, in any order, merged in neuron order (one is kept as it is). */
    private static SummaryPart merged(Iterable<SummaryPart> stretches) {
        List<SummaryPart> ordered = new ArrayList<>();
        stretches.forEach(ordered::add);
        if (ordered.size() == 1) {
            return ordered.get(0);
        }
        ordered.sort((a, b) -> Integer.compare(a.firstNeuron(), b.firstNeuron()));
        SummaryMerge merge = new SummaryMerge();
        ordered.forEach(merge::add);
        return merge.part();
    }
}
