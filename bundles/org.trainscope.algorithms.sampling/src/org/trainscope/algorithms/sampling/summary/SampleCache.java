package org.trainscope.algorithms.sampling.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.trace.NpyArrayFile;
import org.trainscope.trace.OutputFiles;
import org.trainscope.trace.json.JsonWriter;

/**
 * Sampler results on disk, beside the tensor summaries ({@code samples/} in the
 * {@link SummaryCache}'s folder): blue noise over tens of millions of polylines takes minutes, and
 * a run opened again the next day must show its chart from the cached summary and sample at once.
 * An entry is {@code <name>.json} (the key, the sampler's figures and the metric) and
 * {@code <name>.order.npy} (int64, the selection order), the npy written first, the JSON moved in
 * last; {@code <name>.values.npy} (float32, the sampled polylines' values over the key's record
 * range, in ascending polyline order) is added once they are read: on a trace larger than memory,
 * reading 300 polylines scattered over 100 record files took 20 s from disk. The key names the trace in its present state (path and manifest hash), the polylines, the
 * record range, the sampler, its version, sample size, seed and parameters. A missing, corrupt or
 * foreign entry is a miss, never an error. The folder keeps the {@value #KEEP} entries used last.
 */
public final class SampleCache {
    /** Version of the entry format: a change makes old entries foreign. */
    public static final int FORMAT_VERSION = 1;
    static final String KIND = "sample";
    /** Entries kept per trace: a sample is a few kilobytes, but a day of zooms and seeds adds up. */
    static final int KEEP = 64;
    private static final Pattern ENTRY_JSON = Pattern.compile("([0-9a-f]{40})\\.json");

    private final Path directory;

    public SampleCache(Path directory) {
        this.directory = directory;
    }

    /** The sample cache of a trace folder: {@code samples/} in its summary cache. */
    public static SampleCache of(Path trace) {
        return new SampleCache(SummaryCache.of(trace).directory().resolve("samples"));
    }

    public Path directory() {
        return directory;
    }

    /** What a sample is drawn from and how: everything its selection depends on. */
    public record Request(String polylines, int neurons, int fromRecord, int toRecord, String samplerId,
            int samplerVersion, int sampleCount, long seed, Map<String, ?> parameters) {
    }

    /** The key of a sample of the trace at {@code trace}, or empty when the trace has no manifest. */
    public static Optional<String> key(Path trace, Request r) {
        return SummaryCache.traceIdentity(trace).map(identity -> String.join("\n", KIND, "format " + FORMAT_VERSION,
                identity, "polylines " + r.polylines(), "neurons " + r.neurons(),
                "records " + r.fromRecord() + ".." + r.toRecord(), "sampler " + r.samplerId(),
                "version " + r.samplerVersion(), "size " + r.sampleCount(), "seed " + r.seed(),
                "parameters " + new TreeMap<>(r.parameters())));
    }

    /** The cached sample for {@code key}, or empty when there is none or it cannot be read. */
    public Optional<SamplingResult> load(String key) {
        String name = SummaryCache.hash(key).substring(0, 40);
        Path meta = directory.resolve(name + ".json");
        if (!Files.isRegularFile(meta)) {
            return Optional.empty();
        }
        try {
            Map<?, ?> m = SummaryCache.readMeta(meta);
            if (m == null || !key.equals(m.get("key"))) {
                return Optional.empty();
            }
            long[] order = NpyArrayFile.readInt64(directory.resolve(name + ".order.npy"));
            SamplingResult result = decode(m, order);
            SummaryCache.touch(meta);
            return Optional.of(result);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The sampled polylines' values stored with the sample of {@code key} ({@code count} floats), or
     * empty when there are none or they cannot be read.
     */
    public Optional<float[]> loadValues(String key, long count) {
        String name = SummaryCache.hash(key).substring(0, 40);
        Path values = directory.resolve(name + ".values.npy");
        if (!Files.isRegularFile(values) || !Files.isRegularFile(directory.resolve(name + ".json"))) {
            return Optional.empty();
        }
        try {
            float[] read = NpyArrayFile.readFloat32(values);
            return read.length == count ? Optional.of(read) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Adds the sampled polylines' values to the stored sample of {@code key}; best effort. */
    public boolean saveValues(String key, float[] values, int polylines) {
        String name = SummaryCache.hash(key).substring(0, 40);
        if (!Files.isRegularFile(directory.resolve(name + ".json")) || polylines <= 0) {
            return false;
        }
        try {
            NpyArrayFile.writeFloat32(directory.resolve(name + ".values.npy"),
                    new int[] { polylines, values.length / polylines }, values);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Stores {@code result} under {@code key}; a failure (read-only or full disk) only loses the cache. */
    public boolean save(String key, SamplingResult result) {
        String name = SummaryCache.hash(key).substring(0, 40);
        try {
            Files.createDirectories(directory);
            int[] order = result.selectionOrder();
            long[] wide = new long[order.length];
            for (int i = 0; i < order.length; i++) {
                wide[i] = order[i];
            }
            Files.deleteIfExists(directory.resolve(name + ".values.npy")); // of an older sample under this name
            NpyArrayFile.writeInt64(directory.resolve(name + ".order.npy"), new int[] { wide.length }, wide);
            byte[] text = JsonWriter.pretty(encode(key, result)).getBytes(StandardCharsets.UTF_8);
            OutputFiles.write(directory.resolve(name + ".json"), partial -> Files.write(partial, text));
            keepLastUsed(name);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static Map<String, Object> encode(String key, SamplingResult result) {
        PolylineMetric metric = result.metric();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("formatVersion", FORMAT_VERSION);
        m.put("samplerId", result.samplerId());
        m.put("size", result.size());
        m.put("hasRadius", result.hasRadius());
        if (result.hasRadius()) {
            m.put("initialRadius", result.initialRadius());
            m.put("finalRadius", result.finalRadius());
            m.put("passes", result.passes());
            m.put("nonFiniteCandidates", result.nonFiniteCandidates());
        }
        Map<String, Object> metricFields = new LinkedHashMap<>();
        metricFields.put("from", metric.from());
        metricFields.put("to", metric.to());
        metricFields.put("segments", metric.segmentCount());
        metricFields.put("lo", metric.lo());
        metricFields.put("scale", metric.scale());
        metricFields.put("positionWeight", metric.positionWeight());
        metricFields.put("directionWeight", metric.directionWeight());
        m.put("metric", metricFields);
        return m;
    }

    private static SamplingResult decode(Map<?, ?> m, long[] wide) {
        int size = ((Number) m.get("size")).intValue();
        if (wide.length != size) {
            throw new IllegalStateException("selection of " + wide.length + " polylines, " + size + " expected");
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = Math.toIntExact(wide[i]);
        }
        Map<?, ?> f = (Map<?, ?>) m.get("metric");
        // the metric's own segment count as its maximum rebuilds the same buckets
        PolylineMetric metric = new PolylineMetric(integer(f, "from"), integer(f, "to"), integer(f, "segments"),
                number(f, "lo"), number(f, "scale"), number(f, "positionWeight"), number(f, "directionWeight"));
        String samplerId = (String) m.get("samplerId");
        if (!Boolean.TRUE.equals(m.get("hasRadius"))) {
            return SamplingResult.withoutRadius(samplerId, order, metric);
        }
        return new SamplingResult(samplerId, order, metric, number(m, "initialRadius"), number(m, "finalRadius"),
                integer(m, "passes"), integer(m, "nonFiniteCandidates"));
    }

    private static int integer(Map<?, ?> m, String name) {
        return Math.toIntExact(((Number) m.get(name)).longValue());
    }

    private static double number(Map<?, ?> m, String name) {
        return ((Number) m.get(name)).doubleValue();
    }

    /** Removes all but the {@link #KEEP} entries used last, never {@code current}; best effort. */
    private void keepLastUsed(String current) {
        record Entry(String name, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher json = ENTRY_JSON.matcher(file.getFileName().toString());
                if (json.matches() && !json.group(1).equals(current)) {
                    try {
                        entries.add(new Entry(json.group(1), Files.getLastModifiedTime(file)));
                    } catch (IOException e) {
                        // removed meanwhile
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return;
        }
        entries.sort(Comparator.comparing(Entry::used).reversed());
        for (Entry old : entries.subList(Math.min(entries.size(), KEEP - 1), entries.size())) {
            try {
                Files.deleteIfExists(directory.resolve(old.name() + ".json"));
                Files.deleteIfExists(directory.resolve(old.name() + ".order.npy"));
                Files.deleteIfExists(directory.resolve(old.name() + ".values.npy"));
            } catch (IOException | RuntimeException e) {
                // best effort: the next save tries again
            }
        }
    }
}
