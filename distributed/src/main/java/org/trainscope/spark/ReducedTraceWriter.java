package org.trainscope.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;

/**
 * Writes the reduced trace with the trace store's {@link TraceWriter}: an ordinary TrainScope trace
 * (docs/scale-out.md lists what it holds) with the source's graph, metrics, probe arrays and
 * iterations, and per reduced tensor {@code T}:
 * <ul>
 * <li>series tensor {@code T.sample} [m]: the kept neurons' values (their polylines);</li>
 * <li>series tensor {@code T.stats} [12]: the record's statistics over all neurons
 * ({@link RecordStats#NAMES}), and metrics {@code T.mean}, {@code T.p5}, {@code T.p50}, {@code T.p95},
 * {@code T.nonfinite} for the Training Overview;</li>
 * <li>arrays {@code T.sample.neurons} (int64 [m], flat neuron indices), {@code T.summary}
 * (float32 [n, 8], {@link NeuronSummaries#COLUMNS}) when it fits one array, and for k-means
 * {@code T.kmeans.labels} (int64, one per unit or channel; {@code k} marks non-finite profiles) and
 * {@code T.kmeans.centroids} (float32 [k, P]);</li>
 * </ul>
 * and the provenance under the manifest attribute {@code reduction}. A non-local OUT is written to a
 * local temporary folder and then copied.
 */
final class ReducedTraceWriter {
    static final String VERSION = "0.1.0";

    private ReducedTraceWriter() {
    }

    /**
     * @param relatedPaths the related traces that are reduced into sub-folders of OUT: the reduced top
     *                     trace lists exactly these
     */
    static void write(HadoopTraces.Input input, ReduceJob.Report report, ReduceOptions options, List<String> relatedPaths,
            Configuration conf, String sparkVersion) throws IOException {
        Path out = new Path(report.output());
        FileSystem outFs = out.getFileSystem(conf);
        boolean local = HadoopTraces.isLocal(outFs);
        java.nio.file.Path dir = local ? HadoopTraces.label(out) : Files.createTempDirectory("trainscope-reduced");
        if (!local) {
            Files.delete(dir);
        }
        TraceManifest source = input.manifest();
        List<TensorInfo> tensors = new ArrayList<>();
        List<MetricInfo> metrics = new ArrayList<>(source.metrics());
        List<ArrayInfo> arrays = new ArrayList<>(source.arrays());
        Map<String, Object> perTensor = new LinkedHashMap<>();
        for (ReduceJob.TensorReport t : report.tensors()) {
            TensorInfo original = source.tensor(t.id()).orElseThrow();
            int m = t.sampled().length;
            tensors.add(new TensorInfo(t.id() + ".sample", original.node(), original.kind(), DType.FLOAT32, List.of(Math.max(1, m)),
                    TensorInfo.recommendedChunkRecords(4L * Math.max(1, m))));
            tensors.add(new TensorInfo(t.id() + ".stats", original.node(), original.kind(), DType.FLOAT32,
                    List.of(RecordStats.NAMES.length), 4096));
            for (String s : new String[] {"mean", "p5", "p50", "p95", "nonfinite"}) {
                metrics.add(new MetricInfo(t.id() + "." + s, null));
            }
            arrays.add(new ArrayInfo(t.id() + ".sample.neurons", DType.INT64, List.of(m)));
            if (t.summaries() != null) {
                arrays.add(new ArrayInfo(t.id() + ".summary", DType.FLOAT32, List.of(t.neurons(), NeuronSummaries.COLUMNS.length)));
            }
            if (t.kmeans() != null) {
                arrays.add(new ArrayInfo(t.id() + ".kmeans.labels", DType.INT64, List.of(t.kmeans().labels().length)));
                arrays.add(new ArrayInfo(t.id() + ".kmeans.centroids", DType.FLOAT32, List.of(t.kmeans().k(), t.kmeans().probes())));
            }
            perTensor.put(t.id(), provenance(t, original));
        }
        Map<String, Object> attributes = new LinkedHashMap<>(source.attributes());
        Object related = attributes.remove("relatedTraces");
        if (related instanceof List<?> entries && !relatedPaths.isEmpty()) {
            List<Object> kept = new ArrayList<>();
            for (Object e : entries) {
                if (e instanceof Map<?, ?> entry && relatedPaths.contains(entry.get("path"))) {
                    kept.add(e);
                }
            }
            attributes.put("relatedTraces", kept);
            related = kept.size() == entries.size() ? null : entries;
        }
        Map<String, Object> reduction = new LinkedHashMap<>();
        reduction.put("tool", "trainscope-spark reduce");
        reduction.put("version", VERSION);
        reduction.put("sparkVersion", sparkVersion);
        reduction.put("javaVersion", System.getProperty("java.version"));
        reduction.put("date", ReduceJob.timestamp());
        reduction.put("source", report.input());
        if (source.name() != null) {
            reduction.put("sourceName", source.name());
        }
        reduction.put("sourceRecords", (long) input.records());
        reduction.put("records", (long) report.records());
        reduction.put("sampler", BlueNoisePolylineSamplerInfo.ID);
        reduction.put("samplerVersion", (long) BlueNoisePolylineSamplerInfo.VERSION);
        reduction.put("parameters", options.asMap());
        reduction.put("tensors", perTensor);
        reduction.put("recordStatistics", List.of((Object[]) RecordStats.NAMES));
        reduction.put("summaryColumns", List.of((Object[]) NeuronSummaries.COLUMNS));
        if (related != null) {
            reduction.put("relatedTracesNotReduced", related);
        }
        if (!report.warnings().isEmpty()) {
            reduction.put("warnings", new ArrayList<Object>(report.warnings()));
        }
        attributes.put("reduction", reduction);
        String name = (source.name() == null ? "run" : source.name()) + " (reduced)";
        TraceManifest manifest = new TraceManifest(name, source.modelType(), attributes, source.graph(), tensors, metrics, null,
                arrays, source.probe());

        FileSystem inFs = new Path(input.uri()).getFileSystem(conf);
        try (TraceWriter w = TraceWriter.create(dir, manifest)) {
            for (ArrayInfo a : source.arrays()) {
                Object values = HadoopTraces.readArray(inFs, input.uri(), a);
                if (values instanceof long[] l) {
                    w.writeArray(a.id(), l);
                } else {
                    w.writeArray(a.id(), (float[]) values);
                }
            }
            for (ReduceJob.TensorReport t : report.tensors()) {
                long[] neurons = new long[t.sampled().length];
                for (int i = 0; i < neurons.length; i++) {
                    neurons[i] = t.sampled()[i];
                }
                w.writeArray(t.id() + ".sample.neurons", neurons);
                if (t.summaries() != null) {
                    w.writeArray(t.id() + ".summary", t.summaries());
                }
                if (t.kmeans() != null) {
                    w.writeArray(t.id() + ".kmeans.labels", t.kmeans().labels());
                    w.writeArray(t.id() + ".kmeans.centroids", t.kmeans().centroids());
                }
            }
            int length = report.records();
            for (int r = 0; r < length; r++) {
                w.beginRecord(input.iterations()[r]);
                for (int k = 0; k < source.metrics().size(); k++) {
                    if (input.metricPresent()[k][r]) {
                        w.putMetric(source.metrics().get(k).name(), input.metricValues()[k][r]);
                    }
                }
                for (ReduceJob.TensorReport t : report.tensors()) {
                    int m = t.sampled().length;
                    float[] row = new float[Math.max(1, m)];
                    if (m == 0) {
                        row[0] = Float.NaN;
                    }
                    for (int i = 0; i < m; i++) {
                        row[i] = t.sampledPolylines()[i * length + r];
                    }
                    w.putTensor(t.id() + ".sample", row);
                    double[] s = t.recordStats()[r];
                    float[] stats = new float[s.length];
                    for (int i = 0; i < s.length; i++) {
                        stats[i] = (float) s[i];
                    }
                    w.putTensor(t.id() + ".stats", stats);
                    w.putMetric(t.id() + ".mean", s[1]);
                    w.putMetric(t.id() + ".p5", s[3]);
                    w.putMetric(t.id() + ".p50", s[5]);
                    w.putMetric(t.id() + ".p95", s[7]);
                    w.putMetric(t.id() + ".nonfinite", s[9] + s[10] + s[11]);
                }
                w.commit();
            }
        }
        if (!local) {
            outFs.copyFromLocalFile(true, false, new Path(dir.toUri()), out);
        }
    }

    private static Map<String, Object> provenance(ReduceJob.TensorReport t, TensorInfo original) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("shape", new ArrayList<Object>(original.shape().stream().map(Integer::longValue).toList()));
        p.put("neurons", (long) t.neurons());
        p.put("sampled", (long) t.sampled().length);
        p.put("partitions", (long) t.partitions());
        p.put("mergeUnion", (long) t.unionSize());
        putFinite(p, "mergeRadius", t.mergeRadius());
        putFinite(p, "minPartitionRadius", t.minPartitionRadius());
        p.put("metricLo", t.metric().lo());
        p.put("metricScale", t.metric().scale());
        p.put("metricSegments", (long) t.metric().segmentCount());
        if (t.kmeans() != null) {
            Map<String, Object> k = new LinkedHashMap<>();
            k.put("k", (long) t.kmeans().k());
            k.put("record", (long) t.kmeans().record());
            k.put("finiteProfiles", t.kmeans().finiteProfiles());
            putFinite(k, "cost", t.kmeans().cost());
            p.put("kmeans", k);
        }
        return p;
    }

    private static void putFinite(Map<String, Object> m, String key, double v) {
        if (Double.isFinite(v)) {
            m.put(key, v);
        }
    }

    /** The sampler's identity, for the provenance. */
    static final class BlueNoisePolylineSamplerInfo {
        static final String ID = org.trainscope.algorithms.sampling.BlueNoisePolylineSampler.ID;
        static final int VERSION = new org.trainscope.algorithms.sampling.BlueNoisePolylineSampler().version();
    }
}
