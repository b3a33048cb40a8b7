package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
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
 * of a tensor reads no tensor data; a different record count (a live run that grew) is a new entry;
 * a corrupt or foreign entry is recomputed without an error; the trace folder's files are the same
 * before and after everything (names, sizes, times).
 */
class SummaryCacheTest {
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
