package org.trainscope.algorithms.sampling.summary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.trainscope.trace.NpyArrayFile;
import org.trainscope.trace.OutputFiles;
import org.trainscope.trace.json.JsonParser;
import org.trainscope.trace.json.JsonWriter;

/**
 * The on-disk cache of {@link TensorSummary}s, beside a trace and never inside it (a trace folder is
 * read-only to TrainScope): {@code <parent>/<trace name>.trainscope-cache/} when the trace's parent
 * folder is writable, else {@code $XDG_CACHE_HOME/trainscope/<hash of the trace path>/} (default
 * {@code ~/.cache}). An entry is three files named by the hash of its key (trace folder name, SHA-256 of
 * manifest.json, record count, tensor id and neuron count, summary kind, format version and binning
 * parameters): {@code <name>.json} (the key and the sizes), {@code <name>.counts.npy} (int64) and
 * {@code <name>.values.npy} (float32), each written beside its place and moved in (OutputFiles). A
 * missing, corrupt or foreign entry is ignored and recomputed, never an error.
 * <p>
 * A live run gets a new entry at every record count, so a save removes the entries it supersedes
 * (same trace and tensor) and, under the user's cache home, the least recently used entries beyond
 * a size budget. Only files named like entries are ever deleted. The Spark job writes the same
 * entries ({@link #entryFiles}) beside the trace it reduces. docs/summary-cache.md describes the
 * format.
 */
public final class SummaryCache {
    /** Version of the entry format and of the summary's algorithm: a change makes old entries foreign. */
    public static final int FORMAT_VERSION = 2;
    static final String KIND = "tensor-summary";
    /** Bytes the entries under the user's cache home may take before the least recently used go. */
    public static final String MAX_BYTES_PROPERTY = "trainscope.summaryCache.maxBytes";
    static final long DEFAULT_MAX_BYTES = 2L << 30;
    /** Summaries of record ranges of one tensor of a long run kept beside each other (the last used). */
    static final int RANGES_KEPT = 4;
    /** Only these names are the cache's own: nothing else in a folder is ever deleted. */
    private static final Pattern ENTRY_FILE = Pattern.compile("([0-9a-f]{40})\\.(json|counts\\.npy|values\\.npy)");
    private static final Pattern TRACE_FOLDER = Pattern.compile("[0-9a-f]{32}");
    private static final String[] SUFFIXES = { ".json", ".counts.npy", ".values.npy" };
    /* An npy file without its JSON is a save in progress (the JSON is written last) or an interrupted one. */
    private static final Duration ORPHAN_AGE = Duration.ofHours(1);

    private final Path directory;
    /** The user's {@code trainscope} cache home holding {@link #directory}, size-bounded; null beside a trace. */
    private final Path boundedHome;

    public SummaryCache(Path directory) {
        this(directory, null);
    }

    private SummaryCache(Path directory, Path boundedHome) {
        this.directory = directory;
        this.boundedHome = boundedHome;
    }

    /** The cache of a trace folder: beside it when its parent is writable, else under the user's cache home. */
    public static SummaryCache of(Path trace) {
        return of(trace, System.getenv(), Files::isWritable);
    }

    /**
     * As {@link #of(Path)} with the environment ({@code XDG_CACHE_HOME}) and the test of a folder's
     * writability given, so that the fallback can be tested where every folder is writable (as root).
     */
    public static SummaryCache of(Path trace, Map<String, String> environment, Predicate<Path> writable) {
        Path absolute = trace.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent != null && writable.test(parent)) {
            return new SummaryCache(parent.resolve(folderBeside(absolute.getFileName().toString())));
        }
        String xdg = environment.get("XDG_CACHE_HOME");
        Path home = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        Path trainscope = home.resolve("trainscope");
        return new SummaryCache(trainscope.resolve(hash(absolute.toString()).substring(0, 32)), trainscope);
    }

    public Path directory() {
        return directory;
    }

    /**
     * The key of a summary of {@code tensorId} ({@code neurons} polylines, {@code records} records) of
     * the trace at {@code trace}, or empty when the trace has no manifest to identify it by.
     */
    public static Optional<String> key(Path trace, String tensorId, int neurons, int records) {
        return traceIdentity(trace).map(identity -> key(identity, tensorId, neurons, records));
    }

    /** The key of a summary of {@code tensorId} of the trace {@link #identity} names. */
    public static String key(String identity, String tensorId, int neurons, int records) {
        return String.join("\n", KIND, "format " + FORMAT_VERSION,
                identity, "records " + records,
                "tensor " + tensorId, "neurons " + neurons, "bins " + SummaryBinning.BINS,
                "fine " + SummaryBinning.FINE, "excursionCap " + SummaryPass.EXCURSION_CAP,
                "reservoir " + SummaryPass.RESERVOIR, "subset " + TensorSummaries.SUBSET_BLOCKS + "x"
                + TensorSummaries.SUBSET_BLOCK + " tail " + TensorSummaries.TAIL,
                "core tail " + TensorSummaries.CORE_TAIL + " slots " + SummaryBinning.CORE_SLOTS);
    }

    /**
     * The lines of a cache key that name a trace in its present state: {@code trace NAME} and
     * {@code manifest SHA-256} (a trace that grew or was rewritten has another manifest); empty when
     * the folder has no manifest to identify it by.
     */
    static Optional<String> traceIdentity(Path trace) {
        try {
            Path absolute = trace.toAbsolutePath().normalize();
            return Optional.of(identity(String.valueOf(absolute.getFileName()),
                    Files.readAllBytes(absolute.resolve("manifest.json"))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The identity of the trace folder named {@code traceName} whose manifest.json holds
     * {@code manifest}. The folder's name, not its path: the cache folder is placed by the path
     * already, and a trace summarised where a cluster mounts it (the Spark job writes the same
     * entries) is found where a desktop mounts it.
     */
    public static String identity(String traceName, byte[] manifest) {
        return "trace " + traceName + "\nmanifest " + hash(manifest);
    }

    /** The name of the cache folder beside a trace folder named {@code traceName}. */
    public static String folderBeside(String traceName) {
        return traceName + ".trainscope-cache";
    }

    /** The cached summary for {@code key}, or empty when there is none or it cannot be read. */
    public Optional<TensorSummary> load(String key) {
        String name = hash(key).substring(0, 40);
        try {
            Path meta = directory.resolve(name + ".json");
            if (!Files.isRegularFile(meta)) {
                return Optional.empty();
            }
            Map<?, ?> m = readMeta(meta);
            if (m == null || !key.equals(m.get("key"))) {
                return Optional.empty();
            }
            long[] counts = NpyArrayFile.readInt64(directory.resolve(name + ".counts.npy"));
            float[] values = NpyArrayFile.readFloat32(directory.resolve(name + ".values.npy"));
            TensorSummary summary = decode(m, counts, values);
            if (summary != null) {
                touch(meta);
            }
            return Optional.ofNullable(summary);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** An entry's JSON as a map, or null when it cannot be read or is not a JSON object. */
    static Map<?, ?> readMeta(Path meta) {
        try {
            Object parsed = JsonParser.parse(Files.readString(meta, StandardCharsets.UTF_8), 8);
            return parsed instanceof Map<?, ?> m ? m : null;
        } catch (IOException | RuntimeException | org.trainscope.trace.json.JsonSyntaxException e) {
            return null;
        }
    }

    /** The JSON's modification time is the entry's last use, for the budget's least-recently-used order. */
    static void touch(Path meta) {
        try {
            Files.setLastModifiedTime(meta, FileTime.from(Instant.now()));
        } catch (IOException | RuntimeException e) {
            // a read-only cache still serves its entries; they only look older than they are
        }
    }

    /** Stores {@code summary} under {@code key}; a failure (read-only disk, full disk) only loses the cache. */
    public boolean save(String key, TensorSummary summary) {
        String name = hash(key).substring(0, 40);
        try {
            Files.createDirectories(directory);
            for (Map.Entry<String, byte[]> file : entryFiles(key, summary).entrySet()) {
                byte[] content = file.getValue();
                OutputFiles.write(directory.resolve(file.getKey()), partial -> Files.write(partial, content));
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        try {
            removeSuperseded(name, key);
            if (boundedHome != null) {
                keepWithinBudget(name, Long.getLong(MAX_BYTES_PROPERTY, DEFAULT_MAX_BYTES));
            }
        } catch (IOException | RuntimeException e) {
            // best effort: the entry is saved; what was not removed now goes at a later save
        }
        return true;
    }

    /**
     * The files of the entry of {@code summary} under {@code key}, by name, in the order they must be
     * written: the two npy files, then the JSON (an npy file without its JSON is a save in progress).
     * For a writer on another file system (the Spark job); {@link #save} writes the same.
     */
    public static Map<String, byte[]> entryFiles(String key, TensorSummary summary) {
        return entryFiles(key, encode(summary));
    }

    /**
     * As {@link #entryFiles(String, TensorSummary)} for the summary a part of all neurons is (the
     * Spark job's merged parts): encoded from its non-zero entries, without the dense histograms.
     *
     * @throws IllegalArgumentException when the part does not cover every neuron of its tensor
     */
    public static Map<String, byte[]> entryFiles(String key, SummaryPart whole) {
        if (whole.first != 0 || whole.count != whole.neurons) {
            throw new IllegalArgumentException("a part of neurons [" + whole.first + ", " + (whole.first + whole.count)
                    + ") of " + whole.neurons + " is not a whole summary");
        }
        return entryFiles(key, encode(whole));
    }

    private static Map<String, byte[]> entryFiles(String key, Encoded e) {
        String name = hash(key).substring(0, 40);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("key", key);
        meta.put("formatVersion", FORMAT_VERSION);
        meta.put("neurons", e.neurons);
        meta.put("records", e.records);
        meta.put("bulkLow", e.binning.low);
        meta.put("bulkHigh", e.binning.high);
        meta.put("zone", e.binning.zone);
        meta.put("coreLow", e.binning.coreLow);
        meta.put("coreHigh", e.binning.coreHigh);
        meta.put("clamped", e.clamped);
        meta.put("excursions", e.excursions);
        meta.put("reservoir", e.reservoir);
        meta.put("jointEntries", e.jointEntries);
        meta.put("counts", e.counts.length);
        meta.put("values", e.values.length);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name + ".counts.npy", NpyArrayFile.int64(new int[] { e.counts.length }, e.counts));
        files.put(name + ".values.npy", NpyArrayFile.float32(new int[] { e.values.length }, e.values));
        files.put(name + ".json", JsonWriter.pretty(meta).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * What an entry summarises: the trace and tensor lines of its key. Two entries of the same trace
     * and tensor differ in record count, manifest, neuron count, format or parameters, and only the
     * newest is worth keeping; except the summaries of record ranges of a long run (tensor lines
     * ending in "(records …)"), of which the {@value #RANGES_KEPT} used last are kept.
     */
    private record EntryKey(String trace, String tensor, boolean ranged) {
        static Optional<EntryKey> of(String key) {
            String trace = null;
            String tensor = null;
            String[] lines = key.split("\n");
            for (String line : lines) {
                if (line.startsWith("trace ")) {
                    // the folder's name (format 1 keys held its whole path: their entries are superseded too)
                    trace = line.substring(Math.max("trace ".length(), line.lastIndexOf('/') + 1));
                } else if (line.startsWith("tensor ")) {
                    tensor = line;
                }
            }
            // the records of a range of a long run (RecordSubsetSeries): one tensor, several ranges
            int ranged = tensor == null ? -1 : tensor.lastIndexOf(" (records ");
            if (ranged > 0) {
                tensor = tensor.substring(0, ranged);
            }
            return lines[0].equals(KIND) && trace != null && tensor != null
                    ? Optional.of(new EntryKey(trace, tensor, ranged > 0))
                    : Optional.empty();
        }
    }

    /**
     * Deletes the other entries of the tensor {@code key} summarises, and npy files left by a save
     * interrupted long ago.
     */
    private void removeSuperseded(String name, String key) throws IOException {
        Optional<EntryKey> saved = EntryKey.of(key);
        FileTime orphanBefore = FileTime.from(Instant.now().minus(ORPHAN_AGE));
        List<Path> otherRanges = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                Matcher m = ENTRY_FILE.matcher(file.getFileName().toString());
                if (!m.matches() || m.group(1).equals(name)) {
                    continue;
                }
                try {
                    if (m.group(2).equals("json")) {
                        Map<?, ?> meta = readMeta(file);
                        if (meta != null && meta.get("key") instanceof String other && saved.isPresent()
                                && saved.equals(EntryKey.of(other))) {
                            if (saved.get().ranged()) {
                                otherRanges.add(file);
                            } else {
                                deleteEntry(directory, m.group(1));
                            }
                        }
                    } else if (!Files.exists(directory.resolve(m.group(1) + ".json"))
                            && Files.getLastModifiedTime(file).compareTo(orphanBefore) < 0) {
                        Files.delete(file);
                    }
                } catch (IOException e) {
                    // gone meanwhile (an npy file of an entry this loop deleted, another process) or stuck: next file
                }
            }
        }
        // summaries of record ranges of a long run: the ones used last stay (zooming back out finds them)
        otherRanges.sort(Comparator.comparing(SummaryCache::lastUse).reversed());
        for (Path json : otherRanges.subList(Math.min(otherRanges.size(), RANGES_KEPT - 1), otherRanges.size())) {
            deleteEntry(directory, json.getFileName().toString().replace(".json", ""));
        }
    }

    private static FileTime lastUse(Path json) {
        try {
            return Files.getLastModifiedTime(json);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** An entry under the cache home, for the budget: its files' bytes and its last use. */
    private static final class Stored {
        long bytes;
        FileTime used = FileTime.fromMillis(0);
        boolean hasJson;

        void add(String kind, BasicFileAttributes attributes) {
            bytes += attributes.size();
            // the JSON's time is the last use (load touches it); an npy file alone is a save in progress
            if (kind.equals("json")) {
                used = attributes.lastModifiedTime();
                hasJson = true;
            } else if (!hasJson && attributes.lastModifiedTime().compareTo(used) > 0) {
                used = attributes.lastModifiedTime();
            }
        }
    }

    /**
     * Deletes whole entries under the cache home, least recently used first, until its entries take
     * at most {@code budget} bytes; never the entry {@code written} just saved.
     */
    private void keepWithinBudget(String written, long budget) throws IOException {
        Map<Path, Stored> entries = new LinkedHashMap<>();
        long total = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(boundedHome,
                f -> TRACE_FOLDER.matcher(f.getFileName().toString()).matches() && Files.isDirectory(f))) {
            for (Path folder : folders) {
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                    for (Path file : files) {
                        Matcher m = ENTRY_FILE.matcher(file.getFileName().toString());
                        if (m.matches()) {
                            BasicFileAttributes attributes = attributes(file);
                            if (attributes != null) {
                                entries.computeIfAbsent(folder.resolve(m.group(1)), p -> new Stored())
                                        .add(m.group(2), attributes);
                                total += attributes.size();
                            }
                        }
                    }
                }
            }
        }
        Path keep = directory.resolve(written);
        List<Path> oldestFirst = new ArrayList<>(entries.keySet());
        oldestFirst.sort(Comparator.comparing(p -> entries.get(p).used));
        for (Path p : oldestFirst) {
            if (total <= budget) {
                break;
            }
            if (!p.equals(keep)) {
                deleteEntry(p.getParent(), p.getFileName().toString());
                total -= entries.get(p).bytes;
            }
        }
    }

    /** A file's size and times, or null when it was deleted meanwhile (by another save) or cannot be read. */
    private static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes the JSON first, so that a file left behind is an orphan and goes later. */
    private static void deleteEntry(Path folder, String name) {
        for (String suffix : SUFFIXES) {
            try {
                Files.deleteIfExists(folder.resolve(name + suffix));
            } catch (IOException e) {
                // best effort; a left npy file is removed as an orphan by a later save
            }
        }
    }

    private record Encoded(int neurons, int records, SummaryBinning binning, long clamped, int excursions,
            int reservoir, long[] counts, float[] values, int jointEntries) {
    }

    /*
     * counts: magnitudes (R x 255), nonFinite (R), turnedNonFinite (R), band (R x (B + 2)),
     * excursion neurons, reservoir neurons, then the joint histograms' non-zero entries as
     * (histogram, bin pair, count) triples (histogram = kind x (R - 1) + segment; kind 2 is the core level).
     * values: min (R), max (R), excursion values (E x R), reservoir values (S x R).
     */
    private static Encoded encode(TensorSummary s) {
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
        return encoded(s.neurons, s.records, s.binning, s.clamped, s.magnitudes, s.nonFinite, s.turnedNonFinite,
                s.band, s.excursionNeurons, s.reservoirNeurons, triples, s.min, s.max, s.excursionValues,
                s.reservoirValues);
    }

    private static Encoded encode(SummaryPart s) {
        long[] triples = new long[3 * s.jointPairs.length];
        int t = 0;
        for (int h = 0; h + 1 < s.jointOffsets.length; h++) {
            for (int e = s.jointOffsets[h]; e < s.jointOffsets[h + 1]; e++) {
                triples[t++] = h;
                triples[t++] = s.jointPairs[e];
                triples[t++] = s.jointCounts[e];
            }
        }
        return encoded(s.neurons, s.records, s.binning, s.clamped, s.magnitudes, s.nonFinite, s.turnedNonFinite,
                s.band, s.excursionNeurons, s.reservoirNeurons, triples, s.min, s.max, s.excursionValues,
                s.reservoirValues);
    }

    private static Encoded encoded(int neurons, int r, SummaryBinning binning, long clamped, long[] magnitudes,
            long[] nonFinite, long[] turned, long[] band, int[] excursionNeurons, int[] reservoirNeurons,
            long[] triples, float[] min, float[] max, float[] excursionValues, float[] reservoirValues) {
        long[] counts = concat(List.of(magnitudes, nonFinite, turned, band, toLongs(excursionNeurons),
                toLongs(reservoirNeurons), triples));
        float[] values = new float[2 * r + excursionValues.length + reservoirValues.length];
        System.arraycopy(min, 0, values, 0, r);
        System.arraycopy(max, 0, values, r, r);
        System.arraycopy(excursionValues, 0, values, 2 * r, excursionValues.length);
        System.arraycopy(reservoirValues, 0, values, 2 * r + excursionValues.length, reservoirValues.length);
        return new Encoded(neurons, r, binning, clamped, excursionNeurons.length, reservoirNeurons.length, counts,
                values, triples.length / 3);
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
