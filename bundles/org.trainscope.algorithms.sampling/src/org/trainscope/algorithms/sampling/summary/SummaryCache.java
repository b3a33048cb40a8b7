package org.trainscope.algorithms.sampling.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trainscope.trace.NpyArrayFile;
import org.trainscope.trace.OutputFiles;
import org.trainscope.trace.json.JsonParser;
import org.trainscope.trace.json.JsonWriter;

/**
 * The on-disk cache of {@link TensorSummary}s, beside a trace and never inside it (a trace folder is
 * read-only to TrainScope): {@code <parent>/<trace name>.trainscope-cache/} when the trace's parent
 * folder is writable, else {@code $XDG_CACHE_HOME/trainscope/<hash of the trace path>/} (default
 * {@code ~/.cache}). An entry is three files named by the hash of its key (trace path, SHA-256 of
 * manifest.json, record count, tensor id and neuron count, summary kind, format version and binning
 * parameters): {@code <name>.json} (the key and the sizes), {@code <name>.counts.npy} (int64) and
 * {@code <name>.values.npy} (float32), each written beside its place and moved in (OutputFiles). A
 * missing, corrupt or foreign entry is ignored and recomputed, never an error. docs/summary-cache.md
 * describes the format.
 */
public final class SummaryCache {
    /** Version of the entry format and of the summary's algorithm: a change makes old entries foreign. */
    public static final int FORMAT_VERSION = 1;
    static final String KIND = "tensor-summary";

    private final Path directory;

    public SummaryCache(Path directory) {
        this.directory = directory;
    }

    /** The cache of a trace folder: beside it when its parent is writable, else under the user's cache home. */
    public static SummaryCache of(Path trace) {
        Path absolute = trace.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent != null && Files.isWritable(parent)) {
            return new SummaryCache(parent.resolve(absolute.getFileName() + ".trainscope-cache"));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path home = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new SummaryCache(home.resolve("trainscope").resolve(hash(absolute.toString()).substring(0, 32)));
    }

    public Path directory() {
        return directory;
    }

    /**
     * The key of a summary of {@code tensorId} ({@code neurons} polylines, {@code records} records) of
     * the trace at {@code trace}, or empty when the trace has no manifest to identify it by.
     */
    public static Optional<String> key(Path trace, String tensorId, int neurons, int records) {
        Path manifest = trace.resolve("manifest.json");
        try {
            String manifestHash = hash(Files.readAllBytes(manifest));
            return Optional.of(String.join("\n", KIND, "format " + FORMAT_VERSION,
                    "trace " + trace.toAbsolutePath().normalize(), "manifest " + manifestHash, "records " + records,
                    "tensor " + tensorId, "neurons " + neurons, "bins " + SummaryBinning.BINS,
                    "fine " + SummaryBinning.FINE, "excursionCap " + SummaryPass.EXCURSION_CAP,
                    "reservoir " + SummaryPass.RESERVOIR, "subset " + TensorSummaries.SUBSET_BLOCKS + "x"
                    + TensorSummaries.SUBSET_BLOCK + " tail " + TensorSummaries.TAIL));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The cached summary for {@code key}, or empty when there is none or it cannot be read. */
    public Optional<TensorSummary> load(String key) {
        String name = hash(key).substring(0, 40);
        try {
            Path meta = directory.resolve(name + ".json");
            if (!Files.isRegularFile(meta)) {
                return Optional.empty();
            }
            Object parsed = JsonParser.parse(Files.readString(meta, StandardCharsets.UTF_8), 8);
            if (!(parsed instanceof Map<?, ?> m) || !key.equals(m.get("key"))) {
                return Optional.empty();
            }
            long[] counts = NpyArrayFile.readInt64(directory.resolve(name + ".counts.npy"));
            float[] values = NpyArrayFile.readFloat32(directory.resolve(name + ".values.npy"));
            return Optional.ofNullable(decode(m, counts, values));
        } catch (IOException | RuntimeException | org.trainscope.trace.json.JsonSyntaxException e) {
            return Optional.empty();
        }
    }

    /** Stores {@code summary} under {@code key}; a failure (read-only disk, full disk) only loses the cache. */
    public boolean save(String key, TensorSummary summary) {
        String name = hash(key).substring(0, 40);
        try {
            Files.createDirectories(directory);
            Encoded e = encode(summary);
            NpyArrayFile.writeInt64(directory.resolve(name + ".counts.npy"), new int[] { e.counts.length }, e.counts);
            NpyArrayFile.writeFloat32(directory.resolve(name + ".values.npy"), new int[] { e.values.length }, e.values);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("key", key);
            meta.put("formatVersion", FORMAT_VERSION);
            meta.put("neurons", summary.neurons);
            meta.put("records", summary.records);
            meta.put("bulkLow", summary.binning.low);
            meta.put("bulkHigh", summary.binning.high);
            meta.put("zone", summary.binning.zone);
            meta.put("coreLow", summary.binning.coreLow);
            meta.put("coreHigh", summary.binning.coreHigh);
            meta.put("clamped", summary.clamped);
            meta.put("excursions", summary.excursionNeurons.length);
            meta.put("reservoir", summary.reservoirNeurons.length);
            meta.put("jointEntries", e.jointEntries);
            meta.put("counts", e.counts.length);
            meta.put("values", e.values.length);
            byte[] text = JsonWriter.pretty(meta).getBytes(StandardCharsets.UTF_8);
            OutputFiles.write(directory.resolve(name + ".json"), partial -> Files.write(partial, text));
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private record Encoded(long[] counts, float[] values, int jointEntries) {
    }

    /*
     * counts: magnitudes (R x 255), nonFinite (R), turnedNonFinite (R), band (R x (B + 2)),
     * excursion neurons, reservoir neurons, then the joint histograms' non-zero entries as
     * (histogram, bin pair, count) triples (histogram = kind x (R - 1) + segment; kind 2 is the core level).
     * values: min (R), max (R), excursion values (E x R), reservoir values (S x R).
     */
    private static Encoded encode(TensorSummary s) {
        List<long[]> parts = new ArrayList<>();
        parts.add(s.magnitudes);
        parts.add(s.nonFinite);
        parts.add(s.turnedNonFinite);
        parts.add(s.band);
        parts.add(toLongs(s.excursionNeurons));
        parts.add(toLongs(s.reservoirNeurons));
        int entries = 0;
        for (int[] h : s.joint) {
            for (int c : h) {
                entries += c != 0 ? 1 : 0;
            }
        }
        long[] triples = new long[3 * entries];
        int t = 0;
        for (int h = 0; h < s.joint.length; h++) {
            int[] counts = s.joint[h];
            for (int p = 0; p < counts.length; p++) {
                if (counts[p] != 0) {
                    triples[t++] = h;
                    triples[t++] = p;
                    triples[t++] = counts[p];
                }
            }
        }
        parts.add(triples);
        long[] counts = concat(parts);
        int r = s.records;
        float[] values = new float[2 * r + s.excursionValues.length + s.reservoirValues.length];
        System.arraycopy(s.min, 0, values, 0, r);
        System.arraycopy(s.max, 0, values, r, r);
        System.arraycopy(s.excursionValues, 0, values, 2 * r, s.excursionValues.length);
        System.arraycopy(s.reservoirValues, 0, values, 2 * r + s.excursionValues.length, s.reservoirValues.length);
        return new Encoded(counts, values, entries);
    }

    private static TensorSummary decode(Map<?, ?> m, long[] counts, float[] values) {
        int neurons = integer(m, "neurons");
        int r = integer(m, "records");
        int excursions = integer(m, "excursions");
        int reservoir = integer(m, "reservoir");
        int entries = integer(m, "jointEntries");
        int slots = SummaryBinning.BINS + 2;
        int bins2 = SummaryBinning.BINS * SummaryBinning.BINS;
        int core2 = SummaryBinning.CORE_SLOTS * SummaryBinning.CORE_SLOTS;
        int segments = Math.max(0, r - 1);
        long expectedCounts = (long) r * SummaryPass.EXPONENTS + 2L * r + (long) r * slots + excursions + reservoir
                + 3L * entries;
        if (counts.length != expectedCounts || values.length != 2L * r + (long) (excursions + reservoir) * r) {
            return null;
        }
        int at = 0;
        long[] magnitudes = java.util.Arrays.copyOfRange(counts, at, at += r * SummaryPass.EXPONENTS);
        long[] nonFinite = java.util.Arrays.copyOfRange(counts, at, at += r);
        long[] turned = java.util.Arrays.copyOfRange(counts, at, at += r);
        long[] band = java.util.Arrays.copyOfRange(counts, at, at += r * slots);
        int[] excursionNeurons = toInts(counts, at, excursions);
        at += excursions;
        int[] reservoirNeurons = toInts(counts, at, reservoir);
        at += reservoir;
        int[][] joint = new int[3 * segments][];
        for (int h = 0; h < joint.length; h++) {
            joint[h] = new int[h < 2 * segments ? bins2 : core2];
        }
        for (int e = 0; e < entries; e++, at += 3) {
            joint[(int) counts[at]][(int) counts[at + 1]] = (int) counts[at + 2];
        }
        float[] min = java.util.Arrays.copyOfRange(values, 0, r);
        float[] max = java.util.Arrays.copyOfRange(values, r, 2 * r);
        float[] excursionValues = java.util.Arrays.copyOfRange(values, 2 * r, 2 * r + excursions * r);
        float[] reservoirValues = java.util.Arrays.copyOfRange(values, 2 * r + excursions * r, values.length);
        SummaryBinning binning = new SummaryBinning(number(m, "bulkLow"), number(m, "bulkHigh"), number(m, "zone"),
                number(m, "coreLow"), number(m, "coreHigh"));
        return new TensorSummary(neurons, r, binning, min, max, magnitudes, nonFinite, turned, band, joint,
                excursionNeurons, excursionValues, (long) number(m, "clamped"), reservoirNeurons, reservoirValues);
    }

    private static int integer(Map<?, ?> m, String name) {
        return Math.toIntExact((long) number(m, name));
    }

    private static double number(Map<?, ?> m, String name) {
        if (m.get(name) instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("no number " + name);
    }

    private static long[] toLongs(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static int[] toInts(long[] values, int from, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Math.toIntExact(values[from + i]);
        }
        return out;
    }

    private static long[] concat(List<long[]> parts) {
        int total = 0;
        for (long[] p : parts) {
            total = Math.addExact(total, p.length);
        }
        long[] out = new long[total];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static String hash(String text) {
        return hash(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
