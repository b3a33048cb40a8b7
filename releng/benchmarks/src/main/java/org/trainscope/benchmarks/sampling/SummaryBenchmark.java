package org.trainscope.benchmarks.sampling;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.PathIsolation;
import org.trainscope.algorithms.sampling.PolylineDensity;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.summary.SummaryCache;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.algorithms.sampling.summary.TensorSummary;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.RecordTileVisitor;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.trace.TraceReader;

/**
 * Issue 16's summary goals on a big trace written by {@code make_big_trace.py}, in one JVM, every
 * time as a ratio to one sequential read of the same tensor ({@link TraceReader#scanRecordTiles}
 * with a visitor that sums the values): the summary pass (goal at most 2x), loading the cached
 * summary, the first picture and a zoom and a log-axis change drawn from the cached summary (goal
 * under 1 s each: value range, density image, outlier level from the reservoir and the 300 sampled
 * polylines read in disk order; the sampler itself is the blue-noise harness' business), and the
 * heap. Arguments: {@code --trace DIR [--tensor fc1.act] [--width 800] [--height 400]
 * [--cache DIR] [--planted FILE] [--passes K] [--cold]} (K passes in the warm JVM, each timed;
 * {@code --cold}: the page cache emptied before the first read and before the first pass, as root).
 */
public final class SummaryBenchmark {
    private SummaryBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path trace = null;
        String tensorId = "fc1.act";
        int width = 800;
        int height = 400;
        Path cacheDir = null;
        Path planted = null;
        int passes = 1;
        boolean cold = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trace" -> trace = Path.of(args[++i]);
                case "--tensor" -> tensorId = args[++i];
                case "--width" -> width = Integer.parseInt(args[++i]);
                case "--height" -> height = Integer.parseInt(args[++i]);
                case "--cache" -> cacheDir = Path.of(args[++i]);
                case "--planted" -> planted = Path.of(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--cold" -> cold = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (trace == null) {
            throw new IllegalArgumentException("--trace DIR");
        }
        Path tracePath = trace;
        try (TraceRun run = TraceRun.open(trace)) {
            String wanted = tensorId;
            TensorSeries series = run.tensor(tensorId)
                    .orElseThrow(() -> new IllegalArgumentException(tracePath + " has no tensor " + wanted));
            int n = series.neuronCount();
            int records = series.iterationCount();
            System.out.printf("%s: %,d neurons x %d records (%.2f GB), %dx%d, cores %d, max heap %d MB%n", trace, n,
                    records, 4.0 * n * records / 1e9, width, height, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);

            boolean dropping = cold;
            dropCaches(dropping);
            double read1 = time(() -> sequentialRead(series));
            System.out.printf("one sequential read:          %8.2f s%n", read1);
            resetPeaks();
            TensorSummary[] holder = new TensorSummary[1];
            dropCaches(dropping);
            double pass = time(() -> holder[0] = TensorSummaries.compute(series, null));
            long passPeak = peakHeap();
            for (int p = 1; p < passes; p++) { // a warm JVM's passes, for comparing builds of the pass
                System.out.printf("summary pass %d:               %8.2f s%n", p + 1,
                        time(() -> TensorSummaries.compute(series, null)));
            }
            double read2 = time(() -> sequentialRead(series));
            double read = Math.min(read1, read2);
            System.out.printf("one sequential read (again):  %8.2f s%n", read2);
            System.out.printf("summary pass (first open):    %8.2f s = %.2fx the faster read; heap peak %d MB%n", pass,
                    pass / read, passPeak >> 20);
            TensorSummary summary = holder[0];
            System.out.printf("summary: bulk [%.4g, %.4g], %d excursions kept exactly, %d clamped, reservoir %d%n",
                    summary.bulkLow(), summary.bulkHigh(), summary.excursionCount(), summary.clampedCount(),
                    summary.reservoirNeurons().length);
            if (planted != null) {
                reportPlanted(summary, planted);
            }

            SummaryCache cache = new SummaryCache(cacheDir != null ? cacheDir
                    : trace.resolveSibling(trace.getFileName() + ".trainscope-cache"));
            String key = SummaryCache.key(trace, series.id(), n, records).orElseThrow();
            double save = time(() -> cache.save(key, summary));
            long bytes = 0;
            try (var files = Files.list(cache.directory())) {
                for (Path p : files.toList()) {
                    bytes += Files.size(p);
                }
            }
            System.out.printf("cache write:                  %8.3f s, cache folder %.1f MB%n", save, bytes / 1e6);
            holder[0] = null;
            TensorSummaries.clearMemory();
            System.gc();
            resetPeaks();
            double load = time(() -> holder[0] = TensorSummaries.get(tracePath, cache, series, null));
            TensorSummary cached = holder[0];
            System.out.printf("cached summary load:          %8.3f s = %.3fx the read%n", load, load / read);

            PolylineDensity.Scan scan = cached.scan(0, records);
            double[] lohi = { scan.min(), scan.max() };
            int w = width;
            int h = height;
            double first = time(() -> picture(series, cached, new PolylineDensity.YAxis(lohi[0], lohi[1], false,
                    scan.magnitudeQuantile(0.1)), w, h, 0, records));
            double mid = (cached.bulkLow() + cached.bulkHigh()) / 2;
            double quarter = (cached.bulkHigh() - cached.bulkLow()) / 8;
            double zoom = time(() -> picture(series, cached, new PolylineDensity.YAxis(mid - quarter, mid + quarter,
                    false, scan.magnitudeQuantile(0.1)), w, h, 0, records));
            double log = time(() -> picture(series, cached, new PolylineDensity.YAxis(lohi[0], lohi[1], true,
                    scan.magnitudeQuantile(0.1)), w, h, 0, records));
            double pan = time(() -> picture(series, cached, new PolylineDensity.YAxis(lohi[0], lohi[1], false,
                    scan.magnitudeQuantile(0.1)), w, h, records / 4, 3 * records / 4));
            System.out.printf("first picture from the cache: %8.3f s (+ load %.3f s)%n", first, load);
            System.out.printf("zoom into the value range:    %8.3f s%n", zoom);
            System.out.printf("log axis:                     %8.3f s%n", log);
            System.out.printf("zoom into the records:        %8.3f s%n", pan);
            System.gc();
            long retained = heapUsed();
            System.out.printf("heap: peak while drawing %d MB, retained after GC (summary held) %d MB%n",
                    peakHeap() >> 20, retained >> 20);
        }
    }

    /**
     * With {@code --cold}, empties the page cache (Linux, as root) so that the next read comes from
     * the disk: the first read and the pass then compare as a first open of a trace does.
     */
    private static void dropCaches(boolean cold) throws IOException {
        if (!cold) {
            return;
        }
        try {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3");
    }

    /** What the view does with a cached summary, the sampler aside: range, density, outliers, sampled values. */
    private static void picture(TensorSeries series, TensorSummary s, PolylineDensity.YAxis axis, int w, int h,
            int from, int to) {
        long t0 = System.nanoTime();
        PolylineDensity.Scan scan = s.scan(from, to);
        if (scan.empty()) {
            throw new IllegalStateException("nothing finite");
        }
        int[] density = s.density(axis, w, h, from, to);
        long t1 = System.nanoTime();
        PathIsolation isolation = new PathIsolation(density, w, h, to - from);
        PolylineSource reservoir = s.reservoir(from, to);
        OutlierLevel level = OutlierLevel.estimate(reservoir, axis, h, isolation, OutlierLevel.DEFAULT_FRACTION,
                OutlierLevel.DEFAULT_SUBSAMPLE, 42, null);
        long t2 = System.nanoTime();
        // 300 sampled polylines, read in the order they lie on disk
        int[] sampled = new int[Math.min(300, series.neuronCount())];
        for (int i = 0; i < sampled.length; i++) {
            sampled[i] = (int) ((long) i * series.neuronCount() / sampled.length);
        }
        float[] values = new float[sampled.length * (to - from)];
        int[] ys = new int[to - from];
        int outliers = 0;
        try {
            series.readPolylines(sampled, from, to, values);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (int i = 0; i < sampled.length; i++) {
            PolylineDensity.toRows(values, i * (to - from), to - from, axis, h, ys);
            outliers += level.isOutlier(isolation.of(ys)) ? 1 : 0;
        }
        long t3 = System.nanoTime();
        System.out.printf("  (range and density %.3f s, outlier level from the reservoir %.3f s, %d sampled polylines"
                + " read %.3f s)%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9, sampled.length, (t3 - t2) / 1e9);
        if (outliers < 0) {
            throw new IllegalStateException();
        }
    }

    private static void reportPlanted(TensorSummary s, Path planted) throws IOException {
        String json = Files.readString(planted);
        Matcher m = Pattern.compile("\"neuron\": (\\d+)").matcher(json);
        int total = 0;
        int kept = 0;
        java.util.Set<Integer> excursions = new java.util.HashSet<>();
        for (int e : s.excursionNeurons()) {
            excursions.add(e);
        }
        while (m.find()) {
            total++;
            kept += excursions.contains(Integer.parseInt(m.group(1))) ? 1 : 0;
        }
        System.out.printf("planted neurons among the excursions kept exactly: %d of %d%n", kept, total);
    }

    private static double sink;

    static void sequentialRead(TensorSeries series) throws IOException {
        double[] sum = { 0 };
        RecordTileVisitor visitor = (first, count, firstRecord, recordCount, values, stride) -> {
            double s = 0;
            for (int i = 0; i < recordCount; i++) {
                int base = i * stride;
                for (int k = 0; k < count; k++) {
                    s += values[base + k];
                }
            }
            sum[0] += s;
        };
        series.scanRecordTiles(0, series.iterationCount(), visitor);
        sink += sum[0];
    }

    @FunctionalInterface
    interface Step {
        void run() throws IOException;
    }

    static double time(Step step) throws IOException {
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        step.run();
        double seconds = (System.nanoTime() - t0) / 1e9;
        lastCores = (processCpuNanos() - cpu0) / 1e9 / seconds;
        return seconds;
    }

    /** Cores the last {@link #time}d step kept busy on average: its process CPU time over its wall time. */
    static double lastCores;

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
