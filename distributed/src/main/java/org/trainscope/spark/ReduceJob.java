package org.trainscope.spark;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.InMemoryPolylineSource;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.summary.SummaryPart;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.RelatedTraces;
import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.internal.ManifestValidator;

import scala.Tuple2;

/**
 * {@code trainscope-spark reduce IN OUT}: reduces a trace that no single machine can scan to a
 * reduced trace that the desktop opens (docs/scale-out.md). Per series tensor:
 * <ol>
 * <li>partitions = ranges of neurons; each task reads its range chunk by chunk (tiles of one chunk x
 * the range), computes the per-neuron summaries and partial per-record statistics from every tile,
 * and samples its range's polylines with the single-machine blue-noise sampler under the tensor's
 * metric, estimated once on the driver exactly as the single-machine sampler estimates it;</li>
 * <li>the per-record statistics are merged across ranges (reduceByKey);</li>
 * <li>a merge pass runs the same sampler on the union of the partitions' samples: the final sample
 * has the Poisson-disk property at the merge pass's radius (see {@link TensorReport});</li>
 * <li>k-means (Spark MLlib) of the activation profiles of tensors with a probe axis;</li>
 * <li>the desktop's tensor summary (docs/summary-cache.md): each task runs its pass over its range
 * with the binning fixed from the stratified subset; the parts are merged in rounds of neighbouring
 * stretches ({@link TensorSummaryJob}) and the driver writes each entry beside the input trace, where
 * the desktop finds it instead of scanning the tensor; for a tensor with a probe axis also the summary
 * of its units' means over the probe inputs, which the desktop charts by default (tasks over ranges of
 * units).</li>
 * </ol>
 * The driver holds the union of the partition samples (about oversample x the final sample) and
 * the reduced trace, never a tensor.
 */
public final class ReduceJob {
    /** Tensors whose per-neuron summary table [n, 8] fits in one static array (§4.5 of the format). */
    static final long MAX_SUMMARY_NEURONS = ManifestValidator.MAX_ARRAY_ELEMENTS / NeuronSummaries.COLUMNS.length;

    /**
     * What the job did to one tensor.
     *
     * @param sampled         the kept neurons (flat indices), ascending
     * @param sampledPolylines their polylines, row-major (sampled.length x records)
     * @param unionSize       polylines the partitions handed to the merge pass
     * @param mergeRadius     the merge pass's final radius: every two kept polylines are at least this far
     *                        apart under {@code metric} (0 when it had to give up the property; NaN when
     *                        nothing was sampled because every polyline was kept)
     * @param summaryEntry    the JSON file of the tensor summary written beside the input trace, or null
     *                        when none was written (a warning says why)
     * @param meanSummaryEntry for a tensor with a probe axis, the JSON file of the summary of its units'
     *                        means over the probe inputs (the desktop's default chart of it), else null
     */
    public record TensorReport(String id, int neurons, int partitions, int[] sampled, float[] sampledPolylines, int unionSize,
            double mergeRadius, double minPartitionRadius, PolylineMetric metric, float[] summaries, double[][] recordStats,
            ActivationKMeans.Result kmeans, String summaryEntry, String meanSummaryEntry) {
    }

    /** One trace of the run, for the launcher's summary and for tests; {@code related} are its related traces' reports. */
    public record Report(String input, String output, int records, List<TensorReport> tensors, List<String> warnings,
            double seconds, List<Report> related) {
    }

    private ReduceJob() {
    }

    /**
     * Reduces the trace {@code in} into {@code out}, and each of its related traces (§4.7 of the format:
     * the recorders put weights, gradients and activations there) into the same sub-folder of
     * {@code out}, so the reduced run opens as the original does.
     */
    public static Report run(JavaSparkContext sc, String in, String out, ReduceOptions options) throws IOException {
        long start = System.nanoTime();
        Configuration conf = sc.hadoopConfiguration();
        HadoopTraces.Input input = HadoopTraces.open(in, conf);
        List<String> problems = new ArrayList<>();
        List<String> paths = RelatedTraces.paths(input.manifest(), problems);
        Report top = reduce(sc, input, out, options, paths, problems, in, start);
        List<Report> related = new ArrayList<>();
        for (String path : paths) {
            String from = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(in), path).toString();
            String to = new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(out), path).toString();
            // the desktop keys a related trace's summaries by the run's top trace, and keeps them beside it
            related.add(reduce(sc, HadoopTraces.open(from, conf), to, options, List.of(), List.of(), in, System.nanoTime()));
        }
        return new Report(top.input(), top.output(), top.records(), top.tensors(), top.warnings(),
                (System.nanoTime() - start) / 1e9, related);
    }

    /** @param summaryTrace the top trace of the run: tensor summaries are written beside it, keyed by it */
    private static Report reduce(JavaSparkContext sc, HadoopTraces.Input input, String out, ReduceOptions options,
            List<String> relatedPaths, List<String> relatedProblems, String summaryTrace, long start) throws IOException {
        String in = input.uri();
        Configuration conf = sc.hadoopConfiguration();
        List<String> warnings = new ArrayList<>(input.warnings());
        warnings.addAll(relatedProblems);
        if (input.records() == 0 && input.manifest().tensors().isEmpty()) {
            // a top trace that holds only metrics: nothing to reduce, copied as it is
            Report report = new Report(in, out, 0, List.of(), warnings, 0, List.of());
            ReducedTraceWriter.write(input, report, options, relatedPaths, conf, sc.version());
            return report;
        }
        List<TensorData> tensors = select(input, options);
        int records = readablePrefix(sc, tensors, input.records(), warnings);
        if (records < 2 && !tensors.isEmpty()) {
            throw new TraceFormatException(HadoopTraces.label(new org.apache.hadoop.fs.Path(in)), records
                    + " readable record(s): polylines need at least 2 to be sampled");
        }
        List<TensorData> data = new ArrayList<>();
        for (TensorData t : tensors) {
            data.add(new TensorData(t.traceUri(), t.id(), t.node(), t.kind(), t.dtype(), t.recordShape(), t.neurons(),
                    t.chunkRecords(), records));
        }
        int parallelism = sc.defaultParallelism();

        // the metric of each tensor, estimated as the single-machine sampler estimates it
        List<Integer> wanted = new ArrayList<>();
        List<org.trainscope.algorithms.sampling.SamplingParameters> parameters = new ArrayList<>();
        for (TensorData t : data) {
            wanted.add(options.resolveSampleCount(t.neurons()));
            parameters.add(options.sampling(wanted.get(wanted.size() - 1)));
        }
        List<MetricSpec> metrics = new ArrayList<>();
        for (PolylineMetric m : TensorMetrics.estimate(sc, data, parameters)) {
            metrics.add(MetricSpec.of(m, options.segments()));
        }
        int probes = probeCount(input);
        List<TensorSummaryJob.Plan> summaryPlans = TensorSummaryJob.plans(sc, data, probes, warnings);
        List<NeuronBlock> blocks = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            TensorData t = data.get(i);
            int m = wanted.get(i);
            int per = blockNeurons(t, options, parallelism);
            for (int first = 0; first < t.neurons(); first += per) {
                int count = Math.min(per, t.neurons() - first);
                int share = (int) Math.min(count, Math.max(1, Math.ceil(options.oversample() * m * (double) count / t.neurons())));
                blocks.add(new NeuronBlock(i, first, count, share, summaryPlans.get(i)));
            }
        }

        JavaRDD<NeuronBlock.Result> results = sc.parallelize(blocks, Math.max(1, blocks.size()))
                .map(b -> b.compute(data.get(b.tensor()), metrics.get(b.tensor()), options,
                        data.get(b.tensor()).neurons() <= MAX_SUMMARY_NEURONS))
                .persist(StorageLevel.MEMORY_AND_DISK_SER());
        try {
            Map<Long, RecordStats> stats = results.flatMapToPair(r -> {
                List<Tuple2<Long, RecordStats>> keyed = new ArrayList<>();
                for (int rec = 0; rec < r.stats().length; rec++) {
                    keyed.add(new Tuple2<>(((long) r.tensor() << 32) | rec, r.stats()[rec]));
                }
                return keyed.iterator();
            }).reduceByKey(RecordStats::merge).collectAsMap();
            List<NeuronBlock.Result> partitions = results
                    .map(r -> new NeuronBlock.Result(r.tensor(), r.firstNeuron(), r.count(), r.summaries(), null, r.sampled(),
                            r.sampledPolylines(), r.radius(), null))
                    .collect();

            long[] widths = new long[summaryPlans.size()];
            long[] parts = new long[summaryPlans.size()];
            for (NeuronBlock b : blocks) {
                widths[b.tensor()] = Math.max(widths[b.tensor()], b.count());
                parts[b.tensor()]++;
            }
            JavaPairRDD<Integer, SummaryPart> summaryParts = results.filter(r -> r.summary() != null)
                    .mapToPair(r -> new Tuple2<>(r.tensor(), r.summary()))
                    .union(TensorSummaryJob.meanParts(sc, data, summaryPlans, options, parallelism, widths, parts));
            String[] summaryEntries = TensorSummaryJob.write(summaryParts, summaryPlans, widths, parts, summaryTrace,
                    parallelism, warnings);
            String[] meanEntries = new String[data.size()];
            for (int p = data.size(); p < summaryPlans.size(); p++) {
                meanEntries[summaryPlans.get(p).tensor()] = summaryEntries[p];
            }
            List<TensorReport> reports = new ArrayList<>();
            for (int i = 0; i < data.size(); i++) {
                TensorData t = data.get(i);
                int index = i;
                List<NeuronBlock.Result> mine = partitions.stream().filter(r -> r.tensor() == index)
                        .sorted((a, b) -> Integer.compare(a.firstNeuron(), b.firstNeuron())).toList();
                double[][] recordStats = new double[records][];
                for (int r = 0; r < records; r++) {
                    recordStats[r] = stats.get(((long) i << 32) | r).values();
                }
                ActivationKMeans.Result kmeans = null;
                if (options.kmeansK() > 0 && ActivationKMeans.probeAxis(t, probes) > 0) {
                    int record = options.kmeansRecord() < 0 ? records - 1 : Math.min(options.kmeansRecord(), records - 1);
                    kmeans = ActivationKMeans.cluster(sc, t, record, options.kmeansK(), options.kmeansIterations(), options.seed(),
                            2 * parallelism);
                }
                reports.add(merge(t, mine, wanted.get(i), metrics.get(i), options, recordStats, kmeans, summaryEntries[i],
                        meanEntries[i]));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Report report = new Report(in, out, records, reports, warnings, seconds, List.of());
            ReducedTraceWriter.write(input, report, options, relatedPaths, conf, sc.version());
            return new Report(in, out, records, reports, warnings, (System.nanoTime() - start) / 1e9, List.of());
        } finally {
            results.unpersist();
        }
    }

    /** The merge pass: the single-machine sampler on the union of the partitions' samples. */
    private static TensorReport merge(TensorData t, List<NeuronBlock.Result> parts, int wanted, MetricSpec metric,
            ReduceOptions options, double[][] recordStats, ActivationKMeans.Result kmeans, String summaryEntry,
            String meanSummaryEntry) {
        int length = t.records();
        int union = parts.stream().mapToInt(p -> p.sampled().length).sum();
        int[] neurons = new int[union];
        float[] polylines = new float[Math.multiplyExact(union, length)];
        int at = 0;
        double minRadius = Double.POSITIVE_INFINITY;
        for (NeuronBlock.Result p : parts) {
            System.arraycopy(p.sampled(), 0, neurons, at, p.sampled().length);
            System.arraycopy(p.sampledPolylines(), 0, polylines, at * length, p.sampledPolylines().length);
            at += p.sampled().length;
            if (!Double.isNaN(p.radius())) {
                minRadius = Math.min(minRadius, p.radius());
            }
        }
        int[] kept;
        double radius;
        if (union <= wanted) {
            kept = java.util.stream.IntStream.range(0, union).toArray();
            radius = Double.NaN;
        } else {
            SamplingResult r = new BlueNoisePolylineSampler().sample(new InMemoryPolylineSource(polylines, union, length),
                    options.sampling(wanted), metric.metric(), null);
            kept = r.sortedIndices();
            radius = r.finalRadius();
        }
        int[] sampled = new int[kept.length];
        float[] keptPolylines = new float[kept.length * length];
        for (int i = 0; i < kept.length; i++) {
            sampled[i] = neurons[kept[i]];
            System.arraycopy(polylines, kept[i] * length, keptPolylines, i * length, length);
        }
        float[] summaries = null;
        if (t.neurons() <= MAX_SUMMARY_NEURONS) {
            summaries = new float[t.neurons() * NeuronSummaries.COLUMNS.length];
            for (NeuronBlock.Result p : parts) {
                System.arraycopy(p.summaries(), 0, summaries, p.firstNeuron() * NeuronSummaries.COLUMNS.length, p.summaries().length);
            }
        }
        return new TensorReport(t.id(), t.neurons(), parts.size(), sampled, keptPolylines, union, radius,
                minRadius == Double.POSITIVE_INFINITY ? Double.NaN : minRadius, metric.metric(), summaries, recordStats, kmeans,
                summaryEntry, meanSummaryEntry);
    }

    /** Neurons per partition: the option, else what the memory budget allows, split so every core has work. */
    static int blockNeurons(TensorData t, ReduceOptions options, int parallelism) {
        if (options.blockNeurons() > 0) {
            return Math.min(options.blockNeurons(), t.neurons());
        }
        long budget = Math.max(1, options.blockBytes() / (4L * t.records()));
        long spread = Math.max(4096, (t.neurons() + 2L * parallelism - 1) / (2L * parallelism));
        return (int) Math.max(1, Math.min(t.neurons(), Math.min(budget, spread)));
    }

    private static int probeCount(HadoopTraces.Input input) {
        if (input.manifest().probe() == null) {
            return 0;
        }
        return input.manifest().array(input.manifest().probe().inputs()).map(ArrayInfo::shape)
                .map(s -> s.isEmpty() ? 0 : s.get(0)).orElse(0);
    }

    private static List<TensorData> select(HadoopTraces.Input input, ReduceOptions options) throws TraceFormatException {
        List<TensorData> all = input.tensors();
        if (options.tensors().isEmpty()) {
            return all;
        }
        Map<String, TensorData> byId = new LinkedHashMap<>();
        all.forEach(t -> byId.put(t.id(), t));
        List<TensorData> out = new ArrayList<>();
        for (String id : options.tensors()) {
            TensorData t = byId.get(id);
            if (t == null) {
                throw new TraceFormatException(HadoopTraces.label(new org.apache.hadoop.fs.Path(input.uri(), "manifest.json")),
                        "has no series tensor \"" + id + "\" (it has " + String.join(", ", byId.keySet()) + ")");
            }
            out.add(t);
        }
        return out;
    }

    /**
     * Checks the header and length of every chunk of the selected tensors in parallel; a bad chunk
     * ends the readable prefix at its first record, as the trace reader does (§5.2), with a warning.
     */
    private static int readablePrefix(JavaSparkContext sc, List<TensorData> tensors, int records, List<String> warnings) {
        List<Tuple2<Integer, Integer>> chunks = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            for (int c = 0; c < tensors.get(i).chunkCount(); c++) {
                chunks.add(new Tuple2<>(i, c));
            }
        }
        if (chunks.isEmpty()) {
            return records;
        }
        List<Tuple2<Integer, String>> problems = sc.parallelize(chunks, Math.min(chunks.size(), 4 * sc.defaultParallelism()))
                .flatMap(tc -> {
                    TensorData t = tensors.get(tc._1());
                    try (TensorData.Chunk chunk = t.openChunk(TensorData.fileSystem(t.traceUri()), tc._2())) {
                        return java.util.Collections.<Tuple2<Integer, String>>emptyIterator();
                    } catch (IOException e) {
                        return List.of(new Tuple2<>(tc._2() * t.chunkRecords(), e.getMessage())).iterator();
                    }
                }).collect();
        int prefix = records;
        String why = null;
        for (Tuple2<Integer, String> p : problems) {
            if (p._1() < prefix) {
                prefix = p._1();
                why = p._2();
            }
        }
        if (why != null) {
            warnings.add(why + "; records " + prefix + " to " + (records - 1) + " are dropped from every tensor");
        }
        return prefix;
    }

    static String timestamp() {
        return Instant.now().toString();
    }

    static String shape(int[] s) {
        return Arrays.toString(s);
    }
}
