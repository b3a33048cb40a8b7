package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.algorithms.sampling.summary.SummaryCache;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.algorithms.sampling.summary.TensorSummary;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;

/**
 * Issue 16: summaries are cached beside the trace, never inside it. On the demo run
 * {@code vae-unstable} (real Fashion-MNIST) with its trace folder made read-only: a second summary
 * of a tensor reads no tensor data; a different record count (a live run that grew) is a new entry
 * that replaces the old one; a corrupt or foreign entry is recomputed without an error; the trace
 * folder's files are the same before and after everything (names, sizes, times). The cache deletes
 * only its own files, and under the user's cache home keeps within its size budget.
 */
class SummaryCacheTest {
    /** The record count a live run was summarised at before it grew to all its records. */
    private static final int EARLIER = 6;
    @TempDir
    static Path directory;
    private static Path trace;
    private static TraceRun run;
    private static TensorSeries tensor;
    private static TreeMap<String, String> before;

    @BeforeAll
    static void record() throws IOException {
        DemoResult demo = DemoRuns.record(DemoKind.VAE_UNSTABLE, directory.resolve("runs"), 42,
                new DemoSize(2048, 50, 64, 16, 1), DemoRuns.dataDirectory(), null);
        trace = demo.trace();
        run = TraceRun.open(trace);
        tensor = run.tensor("e0.leakyrelu.act").orElseThrow();
        before = listing(trace);
        setWritable(trace, false);
    }

    @AfterAll
    static void close() throws IOException {
        if (run != null) {
            run.close();
        }
        if (trace != null) {
            setWritable(trace, true);
        }
    }

    @BeforeEach
    void forgetEverything() throws IOException {
        TensorSummaries.clearMemory();
        Path cache = SummaryCache.of(trace).directory();
        if (Files.isDirectory(cache)) {
            try (Stream<Path> files = Files.walk(cache)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void theSecondSummaryReadsNoTensorData() throws IOException {
        SummaryCache cache = SummaryCache.of(trace);
        assertEquals(trace.resolveSibling(trace.getFileName() + ".trainscope-cache"), cache.directory());
        CountingSeries first = new CountingSeries(tensor);
        TensorSummary a = TensorSummaries.get(trace, cache, first, null);
        assertTrue(first.values.get() >= (long) tensor.neuronCount() * tensor.iterationCount(), "one full pass");
        TensorSummaries.clearMemory();
        CountingSeries second = new CountingSeries(tensor);
        TensorSummary b = TensorSummaries.get(trace, cache, second, null);
        assertEquals(0, second.values.get(), "the cached summary reads no tensor data");
        assertSameSummary(a, b);
        assertEquals(before, listing(trace), "nothing written inside the trace folder");
    }

    @Test
    void aGrownRunIsANewEntry() throws IOException {
        SummaryCache cache = SummaryCache.of(trace);
        TensorSummaries.get(trace, cache, new CountingSeries(tensor), null);
        CountingSeries shorter = new CountingSeries(tensor, tensor.iterationCount() - 1);
        TensorSummary s = TensorSummaries.get(trace, cache, shorter, null);
        assertTrue(shorter.values.get() > 0, "another record count is another entry");
        assertEquals(tensor.iterationCount() - 1, s.recordCount());
        assertNotEquals(SummaryCache.key(trace, tensor.id(), tensor.neuronCount(), tensor.iterationCount()),
                SummaryCache.key(trace, tensor.id(), tensor.neuronCount(), tensor.iterationCount() - 1));
        assertEquals(before, listing(trace));
    }

    @Test
    void corruptAndForeignEntriesAreRecomputed() throws IOException {
        SummaryCache cache = SummaryCache.of(trace);
        TensorSummary good = TensorSummaries.get(trace, cache, new CountingSeries(tensor), null);
        List<Path> counts = entries(cache, ".counts.npy");
        assertTrue(!counts.isEmpty());
        for (Path p : counts) {
            Files.write(p, "not an npy file".getBytes(StandardCharsets.US_ASCII));
        }
        TensorSummaries.clearMemory();
        CountingSeries again = new CountingSeries(tensor);
        TensorSummary recomputed = TensorSummaries.get(trace, cache, again, null);
        assertTrue(again.values.get() > 0, "a corrupt entry is recomputed");
        assertSameSummary(good, recomputed);

        // an entry whose key is another's (another trace, version or tensor) is not used
        for (Path p : entries(cache, ".json")) {
            String text = Files.readString(p).replace("tensor-summary", "tensor-summary-of-something-else");
            Files.writeString(p, text);
        }
        TensorSummaries.clearMemory();
        CountingSeries foreign = new CountingSeries(tensor);
        TensorSummaries.get(trace, cache, foreign, null);
        assertTrue(foreign.values.get() > 0, "a foreign entry is recomputed");
        TensorSummaries.clearMemory();
        CountingSeries rewritten = new CountingSeries(tensor);
        TensorSummaries.get(trace, cache, rewritten, null);
        assertEquals(0, rewritten.values.get(), "the recomputed entry replaced the bad one");
        assertEquals(before, listing(trace));
    }

    @Test
    void theCacheIsBesideTheTraceElseUnderTheCacheHome(@TempDir Path scratch) {
        Path other = scratch.resolve("other-run");
        List<Path> asked = new ArrayList<>();
        SummaryCache beside = SummaryCache.of(trace, Map.of("XDG_CACHE_HOME", scratch.toString()), p -> {
            asked.add(p);
            return true;
        });
        assertEquals(trace.resolveSibling(trace.getFileName() + ".trainscope-cache"), beside.directory());
        assertEquals(List.of(trace.toAbsolutePath().getParent()), asked, "the parent's writability decides");

        Map<String, String> xdg = Map.of("XDG_CACHE_HOME", scratch.resolve("xdg").toString());
        Path home = SummaryCache.of(trace, xdg, p -> false).directory();
        assertEquals(scratch.resolve("xdg").resolve("trainscope"), home.getParent());
        assertTrue(home.getFileName().toString().matches("[0-9a-f]{32}"), home.toString());
        Path unnormalised = trace.resolve("..").resolve(trace.getFileName());
        assertEquals(home, SummaryCache.of(unnormalised, xdg, p -> false).directory(),
                "the same trace, the same folder");
        assertNotEquals(home, SummaryCache.of(other, xdg, p -> false).directory(), "two traces, two folders");

        Path userCache = Path.of(System.getProperty("user.home"), ".cache", "trainscope");
        for (Map<String, String> environment : List.of(Map.<String, String>of(), Map.of("XDG_CACHE_HOME", " "))) {
            Path fallback = SummaryCache.of(trace, environment, p -> false).directory();
            assertEquals(userCache.resolve(home.getFileName()), fallback, "without XDG_CACHE_HOME: ~/.cache");
        }
    }

    /**
     * A tensor summarised at 6 records, then at all 8 (a live run that grew): only the 8-record entry
     * stays; another tensor's, another trace's entries, foreign files and npy files of a save in
     * progress stay; npy files of a save interrupted over an hour ago go.
     */
    @Test
    void theRangesOfALongRunUsedLastAreKept(@TempDir Path scratch) throws IOException {
        SummaryCache cache = new SummaryCache(scratch.resolve("cache"));
        TensorSummary any = TensorSummaries.compute(tensor, null);
        String whole = SummaryCache.key(trace, tensor.id(), tensor.neuronCount(), 100).orElseThrow();
        assertTrue(cache.save(whole, any));
        List<String> ranges = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String key = SummaryCache.key(trace, tensor.id() + " (records " + (100 * i) + ".." + (100 * i + 99) + ", 100)",
                    tensor.neuronCount(), 100).orElseThrow();
            assertTrue(cache.save(key, any));
            ranges.add(key);
            // each range used a second after the last: the save's "used last" order is the loop's
            for (String k : ranges) {
                Path json = cache.directory().resolve(nameOf(k) + ".json");
                if (Files.exists(json)) {
                    Files.setLastModifiedTime(json, FileTime.from(Instant.now().minusSeconds(100 - ranges.indexOf(k))));
                }
            }
        }
        Set<String> left = new TreeSet<>(names(cache.directory()));
        for (int i = 0; i < 6; i++) {
            String json = nameOf(ranges.get(i)) + ".json";
            assertEquals(i >= 2, left.contains(json), "range " + i + " of 6, the last 4 kept: " + left);
        }
        assertTrue(left.contains(nameOf(whole) + ".json"), "the whole tensor's entry is another one");
        assertEquals(15, left.size(), "5 entries of 3 files: " + left);
    }

    @Test
    void aSaveRemovesTheEntriesItSupersedes(@TempDir Path scratch) throws IOException {
        int grown = tensor.iterationCount();
        assertTrue(grown > EARLIER, "records: " + grown);
        SummaryCache cache = new SummaryCache(scratch.resolve("cache"));
        Files.createDirectories(cache.directory());
        TensorSeries otherTensor = otherTensor();
        TensorSummaries.get(trace, cache, new CountingSeries(otherTensor, EARLIER), null);
        Path otherTrace = fakeTrace(scratch.resolve("other-run"));
        TensorSummary earlier = TensorSummaries.get(trace, cache, new CountingSeries(tensor, EARLIER), null);
        assertTrue(cache.save(SummaryCache.key(otherTrace, tensor.id(), tensor.neuronCount(), EARLIER).orElseThrow(),
                earlier));
        Set<String> kept = new TreeSet<>(names(cache.directory()));
        assertEquals(9, kept.size(), "three entries: " + kept);
        kept.removeIf(n -> n.startsWith(entryName(trace, tensor, EARLIER)));
        assertEquals(6, kept.size());

        FileTime twoHoursAgo = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        String interrupted = "0123456789abcdef0123456789abcdef01234567";
        String inProgress = "fedcba9876543210fedcba9876543210fedcba98";
        List<String> foreign = List.of("notes.txt", "weights.npy", interrupted.substring(1) + ".counts.npy",
                interrupted + ".npy", interrupted + ".counts.npy.partial");
        List<String> orphans = List.of(interrupted + ".counts.npy", interrupted + ".values.npy");
        for (String name : Stream.of(foreign, orphans).flatMap(List::stream).toList()) {
            Files.setLastModifiedTime(Files.writeString(cache.directory().resolve(name), "x"), twoHoursAgo);
        }
        for (String name : List.of(inProgress + ".counts.npy", inProgress + ".values.npy")) {
            Files.writeString(cache.directory().resolve(name), "x");
            kept.add(name);
        }
        kept.addAll(foreign);

        TensorSummary now = TensorSummaries.get(trace, cache, new CountingSeries(tensor, grown), null);
        String name = entryName(trace, tensor, grown);
        kept.addAll(List.of(name + ".json", name + ".counts.npy", name + ".values.npy"));
        assertEquals(kept, new TreeSet<>(names(cache.directory())));

        TensorSummaries.clearMemory();
        CountingSeries again = new CountingSeries(tensor, grown);
        assertSameSummary(now, TensorSummaries.get(trace, cache, again, null));
        assertEquals(0, again.values.get(), "the kept entry loads");
        CountingSeries otherAgain = new CountingSeries(otherTensor, EARLIER);
        TensorSummaries.get(trace, cache, otherAgain, null);
        assertEquals(0, otherAgain.values.get(), "another tensor's entry loads");
        assertEquals(before, listing(trace));
    }

    /**
     * Under the user's cache home (a fake XDG_CACHE_HOME) the entries are kept within
     * {@code trainscope.summaryCache.maxBytes}: the least recently used (a load counts as a use)
     * go first, never the entry just written. Beside a trace there is no budget.
     */
    @Test
    void theCacheHomeKeepsWithinItsBudget(@TempDir Path scratch) throws IOException {
        Map<String, String> xdg = Map.of("XDG_CACHE_HOME", scratch.resolve("xdg").toString());
        TensorSummary summary = TensorSummaries.compute(new CountingSeries(tensor, EARLIER), null);
        Path a = fakeTrace(scratch.resolve("run-a"));
        Path b = fakeTrace(scratch.resolve("run-b"));
        Path c = fakeTrace(scratch.resolve("run-c"));
        Path d = fakeTrace(scratch.resolve("run-d"));
        String previous = System.getProperty(SummaryCache.MAX_BYTES_PROPERTY);
        try {
            assertTrue(SummaryCache.of(a, xdg, p -> false).save(keyOf(a), summary));
            assertTrue(SummaryCache.of(b, xdg, p -> false).save(keyOf(b), summary));
            long twoEntries = bytes(SummaryCache.of(a, xdg, p -> false)) + bytes(SummaryCache.of(b, xdg, p -> false));
            Instant now = Instant.now();
            Files.setLastModifiedTime(json(a, xdg), FileTime.from(now.minus(Duration.ofHours(3))));
            Files.setLastModifiedTime(json(b, xdg), FileTime.from(now.minus(Duration.ofHours(2))));
            assertTrue(SummaryCache.of(a, xdg, p -> false).load(keyOf(a)).isPresent());
            assertTrue(Files.getLastModifiedTime(json(a, xdg)).toInstant().isAfter(now.minusSeconds(60)),
                    "a load marks the entry used");

            System.setProperty(SummaryCache.MAX_BYTES_PROPERTY, Long.toString(twoEntries * 5 / 4));
            assertTrue(SummaryCache.of(c, xdg, p -> false).save(keyOf(c), summary));
            assertEquals(List.of(), names(SummaryCache.of(b, xdg, p -> false).directory()), "b, least recently used");
            assertEquals(3, names(SummaryCache.of(a, xdg, p -> false).directory()).size());
            assertEquals(3, names(SummaryCache.of(c, xdg, p -> false).directory()).size());

            System.setProperty(SummaryCache.MAX_BYTES_PROPERTY, "1");
            SummaryCache justWritten = SummaryCache.of(d, xdg, p -> false);
            assertTrue(justWritten.save(keyOf(d), summary));
            assertEquals(List.of(), names(SummaryCache.of(a, xdg, p -> false).directory()));
            assertEquals(List.of(), names(SummaryCache.of(c, xdg, p -> false).directory()));
            assertEquals(3, names(justWritten.directory()).size(), "the entry just written stays");
            assertTrue(justWritten.load(keyOf(d)).isPresent());

            SummaryCache beside = SummaryCache.of(a, xdg, p -> true);
            TensorSeries otherTensor = otherTensor();
            assertTrue(beside.save(keyOf(a), summary));
            String otherKey = SummaryCache.key(a, otherTensor.id(), otherTensor.neuronCount(), EARLIER).orElseThrow();
            assertTrue(beside.save(otherKey, summary));
            assertEquals(6, names(beside.directory()).size(), "no budget beside a trace");
        } finally {
            if (previous == null) {
                System.clearProperty(SummaryCache.MAX_BYTES_PROPERTY);
            } else {
                System.setProperty(SummaryCache.MAX_BYTES_PROPERTY, previous);
            }
        }
    }

    /** The smallest other tensor recorded at every record. */
    private static TensorSeries otherTensor() {
        return run.tensors().stream()
                .filter(t -> !t.id().equals(tensor.id()) && t.iterationCount() == tensor.iterationCount())
                .min(java.util.Comparator.comparingInt(TensorSeries::neuronCount)).orElseThrow();
    }

    /** A folder that keys like a trace (its manifest is the demo trace's). */
    private static Path fakeTrace(Path folder) throws IOException {
        Files.createDirectories(folder);
        Files.copy(trace.resolve("manifest.json"), folder.resolve("manifest.json"));
        return folder;
    }

    private static String keyOf(Path fakeTrace) {
        return SummaryCache.key(fakeTrace, tensor.id(), tensor.neuronCount(), EARLIER).orElseThrow();
    }

    private static Path json(Path fakeTrace, Map<String, String> environment) {
        String name = nameOf(keyOf(fakeTrace));
        return SummaryCache.of(fakeTrace, environment, p -> false).directory().resolve(name + ".json");
    }

    private static String entryName(Path trace, TensorSeries series, int records) {
        return nameOf(SummaryCache.key(trace, series.id(), series.neuronCount(), records).orElseThrow());
    }

    /** The entry name docs/summary-cache.md gives: the first 40 hex digits of the key's SHA-256. */
    private static String nameOf(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long bytes(SummaryCache cache) throws IOException {
        long total = 0;
        for (String name : names(cache.directory())) {
            total += Files.size(cache.directory().resolve(name));
        }
        return total;
    }

    private static List<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The Training Dynamics chart: after the first chart, a zoom into the value range and the log
     * axis read no tensor data beyond the sampled polylines' values (the sample is reused); a zoom
     * into the records samples that range anew, and reads nothing beyond what the sampler reads and
     * the new sample's values.
     */
    @Test
    void zoomsAndTheLogAxisAreDrawnFromTheSummary() throws IOException {
        DynamicsRequest first = DynamicsRequest.of(run, tensor).withSize(400, 200);
        DynamicsChartModel chart = DynamicsChartProvider.compute(first, new NullProgressMonitor());
        // a sampled unit's polyline is the mean over the probe inputs: that many recorded values per point
        long perPoint = tensor.neuronCount() / chart.polylines().neuronCount();
        long sampleValues = chart.sampled().length * tensor.iterationCount() * perPoint;
        PolylineDensity.YAxis axis = chart.axis();
        double mid = (axis.min() + axis.max()) / 2;
        for (DynamicsRequest r : List.of(first.withValueWindow(axis.min(), mid), first.withSymlog(true),
                first.withRange(1, tensor.iterationCount() - 1))) {
            CountingSeries counting = new CountingSeries(tensor);
            DynamicsRequest counted = new DynamicsRequest(run, counting, r.layout(), r.grouping(), r.fromRecord(),
                    r.toRecord(), r.samplerId(), r.sampleCount(), r.seed(), r.samplerParameters(), r.symlog(),
                    r.width(), r.height(), r.valueLow(), r.valueHigh());
            DynamicsChartModel zoomed = DynamicsChartProvider.compute(counted, new NullProgressMonitor());
            long allowed = sampleValues;
            if (r.fromRecord() != first.fromRecord()) {
                CountingSeries sampler = new CountingSeries(tensor);
                DynamicsChartProvider.sample(new DynamicsRequest(run, sampler, r.layout(), r.grouping(),
                        r.fromRecord(), r.toRecord(), r.samplerId(), r.sampleCount(), r.seed(), r.samplerParameters(),
                        r.symlog(), r.width(), r.height(), r.valueLow(), r.valueHigh()), null);
                allowed = sampler.values.get() + zoomed.sampled().length * (long) zoomed.length() * perPoint;
            }
            assertTrue(counting.values.get() <= allowed, r + " read " + counting.values.get() + " values, allowed "
                    + allowed);
        }
        assertEquals(before, listing(trace));
    }

    private static void assertSameSummary(TensorSummary a, TensorSummary b) {
        PolylineDensity.Scan scan = a.scan(0, a.recordCount());
        assertEquals(scan.min(), b.scan(0, b.recordCount()).min());
        assertEquals(scan.max(), b.scan(0, b.recordCount()).max());
        for (boolean symlog : new boolean[] { false, true }) {
            PolylineDensity.YAxis axis = new PolylineDensity.YAxis(scan.min(), scan.max(), symlog,
                    scan.magnitudeQuantile(0.1));
            assertArrayEquals(a.density(axis, 300, 150, 0, a.recordCount()),
                    b.density(axis, 300, 150, 0, b.recordCount()));
        }
        assertArrayEquals(a.quantile(0, a.recordCount(), 0.95), b.quantile(0, b.recordCount(), 0.95));
        assertArrayEquals(a.reservoirNeurons(), b.reservoirNeurons());
    }

    private static List<Path> entries(SummaryCache cache, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(cache.directory())) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
        }
    }

    /** Every file and folder under {@code root}: relative path to size and modification time. */
    private static TreeMap<String, String> listing(Path root) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                out.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir"
                        : Files.size(p) + " " + Files.getLastModifiedTime(p).toMillis());
            }
        }
        return out;
    }

    private static void setWritable(Path root, boolean writable) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.toList()) {
                Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(p));
                if (writable) {
                    permissions.add(PosixFilePermission.OWNER_WRITE);
                } else {
                    permissions.removeAll(Set.of(PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE));
                }
                Files.setPosixFilePermissions(p, permissions);
            }
        }
    }
}
