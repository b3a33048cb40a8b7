package org.trainscope.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.trainscope.algorithms.sampling.summary.SummaryBinning;
import org.trainscope.algorithms.sampling.summary.SummaryMerge;
import org.trainscope.algorithms.sampling.summary.SummaryPart;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
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

    private TensorSummaryJob() {
    }

    /**
     * What a tensor's summary covers: the series the desktop's chart of the whole run is drawn from
     * ({@link TensorSummaries#summarised}: the tensor, or for a run of more than 200 records those
     * spread over it) and its binning.
     *
     * @param records  the tensor's records the summary covers, null for all
     * @param seriesId the id the desktop keys that series' summary by
     */
    record Plan(SummaryBinning binning, int[] records, String seriesId) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** A tensor's plan, or why there is none. */
    private record Binning(Plan plan, String problem) implements Serializable {
    }

    /** The plan of each tensor's summary (null where its subset could not be read: a warning says why). */
    static List<Plan> plans(JavaSparkContext sc, List<TensorData> data, List<String> warnings) {
        List<Integer> indices = IntStream.range(0, data.size()).boxed().toList();
        if (indices.isEmpty()) {
            return List.of();
        }
        List<Binning> found = sc.parallelize(indices, Math.min(indices.size(), 4 * sc.defaultParallelism()))
                .map(i -> binning(data.get(i))).collect();
        List<Plan> out = new ArrayList<>();
        for (int i = 0; i < found.size(); i++) {
            if (found.get(i).problem() != null) {
                warnings.add("no summary of " + data.get(i).id() + " for the desktop: reading its subset failed: "
                        + found.get(i).problem());
            }
            out.add(found.get(i).plan());
        }
        return out;
    }

    private static Binning binning(TensorData t) {
        try {
            TensorSeries whole = new HadoopTensorSeries(t);
            TensorSeries series = TensorSummaries.summarised(whole);
            int[] records = series instanceof RecordSubsetSeries subset ? subset.records() : null;
            return new Binning(new Plan(TensorSummaries.binning(series), records, series.id()), null);
        } catch (IOException | RuntimeException e) {
            return new Binning(null, e.getMessage());
        }
    }

    /**
     * Merges the partitions' summary parts and writes each tensor's entry beside {@code summaryTrace}.
     *
     * @param blockNeurons the width of each tensor's partitions (the last one narrower)
     * @param parts        the number of partitions of each tensor
     * @return each tensor's entry (its JSON file), null where none was written
     */
    static String[] write(JavaRDD<NeuronBlock.Result> results, List<TensorData> data, List<Plan> plans,
            long[] blockNeurons, long[] parts, String summaryTrace, int parallelism, List<String> warnings) {
        String[] entries = new String[data.size()];
        JavaPairRDD<Integer, SummaryPart> level = results.filter(r -> r.summary() != null)
                .mapToPair(r -> new Tuple2<>(r.tensor(), r.summary()));
        int partitions = Math.max(1, Math.min(data.size(), 2 * parallelism));
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
            Tuple2<Integer, SummaryPart> tensor = whole.next();
            TensorData t = data.get(tensor._1());
            try {
                entries[tensor._1()] = TraceSummaryWriter.write(summaryTrace, plans.get(tensor._1()).seriesId(),
                        tensor._2());
            } catch (IOException | RuntimeException e) {
                warnings.add("no summary of " + t.id() + " written beside "
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
