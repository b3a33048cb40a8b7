package org.trainscope.benchmarks.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceWriter;

/**
 * Measures the trace store on a synthetic trace it generates: one float32 tensor of
 * {@code neurons} values recorded at {@code iterations} iterations (default 1,000,000 x 200 = 800 MB).
 *
 * <p>Usage (classpath: the {@code org.trainscope.trace} classes and this class):
 * <pre>
 * java -Xmx512m -cp trace.jar:bench org.trainscope.benchmarks.trace.TraceStoreBenchmark TEMP_DIR [NEURONS [ITERATIONS [BLOCK]]]
 * </pre>
 * It writes {@code TEMP_DIR/trace} (which must not exist; it is deleted at the end) and prints:
 * <ul>
 * <li>open time and heap used after open (manifest + journal only, independent of the data size);</li>
 * <li>one polyline (one neuron over all iterations) and one full snapshot (all neurons at one iteration);</li>
 * <li>a full scan of all polylines with {@code readPolylines} in blocks of {@code BLOCK} neurons (default 8192),
 *     against {@code cat} of the same chunk files to /dev/null from the page cache (both warmed first),
 *     alternated five times: medians of wall time and of CPU time, and the ratio scan / cat. The goal
 *     is a ratio of at most 2;</li>
 * <li>a mean per neuron over all iterations with {@code scanRecordTiles} (record-major tiles, no transpose),
 *     on one thread and split between two, in the same alternation.</li>
 * </ul>
 * See {@code releng/benchmarks/README-trace.md}.
 */
public final class TraceStoreBenchmark {
    private static final String TENSOR = "layer.act";

    private TraceStoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: TraceStoreBenchmark TEMP_DIR [NEURONS [ITERATIONS [BLOCK]]]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).resolve("trace");
        int neurons = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int block = args.length > 3 ? Integer.parseInt(args[3]) : 8192;
        try {
            run(dir, neurons, iterations, block);
        } finally {
            deleteRecursively(dir);
        }
    }

    private static void run(Path dir, int neurons, int iterations, int block) throws IOException, InterruptedException {
        long bytes = 4L * neurons * iterations;
        System.out.printf("trace: %,d neurons x %d iterations float32 = %,d MB in %s%n", neurons, iterations, bytes >> 20, dir);
        long t0 = System.nanoTime();
        generate(dir, neurons, iterations);
        System.out.printf("generate: %.2f s%n", seconds(t0));

        long heapBefore = usedHeap();
        t0 = System.nanoTime();
        try (TraceReader reader = TraceReader.open(dir)) {
            double openMs = millis(t0);
            long heapAfter = usedHeap();
            System.out.printf("open: %.1f ms, heap used by the open reader: %.2f MB (%d records, %d warnings)%n",
                    openMs, (heapAfter - heapBefore) / 1048576.0, reader.recordCount(), reader.warnings().size());

            float[] polyline = new float[iterations];
            t0 = System.nanoTime();
            reader.readPolyline(TENSOR, neurons / 2, polyline);
            double firstPolyline = millis(t0);
            t0 = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                reader.readPolyline(TENSOR, (neurons / 3 + i * 7919) % neurons, polyline);
            }
            System.out.printf("one polyline (%d values): first %.3f ms, mean of 100 others %.3f ms%n",
                    iterations, firstPolyline, millis(t0) / 100);

            float[] snapshot = new float[neurons];
            t0 = System.nanoTime();
            reader.readSnapshot(TENSOR, reader.iteration(iterations / 2), snapshot);
            double firstSnapshot = millis(t0);
            t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                reader.readRecord(TENSOR, (i * 37) % iterations, snapshot);
            }
            System.out.printf("one snapshot (%,d values, %.1f MB): first %.2f ms, mean of 10 others %.2f ms%n",
                    neurons, neurons * 4 / 1048576.0, firstSnapshot, millis(t0) / 10);

            float[] out = new float[block * iterations];
            List<String> chunkFiles = chunkFiles(dir);
            t0 = System.nanoTime();
            scanAll(reader, neurons, iterations, block, out); // warm-up: JIT, page cache and mappings
            System.out.printf("first scan (cold JIT, chunks mapped on the way): %.3f s%n", seconds(t0));
            double[] means = new double[neurons];
            meanPass(reader, neurons, iterations, means, 1); // warm-up
            meanPass(reader, neurons, iterations, means, 2);
            cat(chunkFiles); // warm
            // The machine is shared: alternate scan and cat several times and report medians, plus
            // the CPU seconds each used, which other load disturbs much less than wall time.
            double[] scans = new double[REPEATS];
            double[] cats = new double[REPEATS];
            double[] ratios = new double[REPEATS];
            double[] scanCpu = new double[REPEATS];
            double[] catCpu = new double[REPEATS];
            double[] mean1 = new double[REPEATS];
            double[] mean2 = new double[REPEATS];
            double[] mean1Cpu = new double[REPEATS];
            double checksum = 0;
            for (int k = 0; k < REPEATS; k++) {
                long cpuMean = processCpuNanos();
                t0 = System.nanoTime();
                meanPass(reader, neurons, iterations, means, 1);
                mean1[k] = seconds(t0);
                mean1Cpu[k] = (processCpuNanos() - cpuMean) / 1e9;
                t0 = System.nanoTime();
                meanPass(reader, neurons, iterations, means, 2);
                mean2[k] = seconds(t0);
                long cpu0 = processCpuNanos();
                t0 = System.nanoTime();
                checksum = scanAll(reader, neurons, iterations, block, out);
                scans[k] = seconds(t0);
                scanCpu[k] = (processCpuNanos() - cpu0) / 1e9;
                t0 = System.nanoTime();
                catCpu[k] = cat(chunkFiles);
                cats[k] = seconds(t0);
                ratios[k] = scans[k] / cats[k];
                System.out.printf("  run %d: scan %.3f s (CPU %.3f s), cat %.3f s (CPU %.3f s), ratio %.2f; mean pass 1 thread %.3f s (CPU %.3f s), 2 threads %.3f s%n",
                        k + 1, scans[k], scanCpu[k], cats[k], catCpu[k], ratios[k], mean1[k], mean1Cpu[k], mean2[k]);
            }
            double scan = median(scans);
            double cat = median(cats);
            System.out.printf("scan of all polylines (blocks of %d neurons), median of %d: %.3f s = %.0f MB/s, CPU %.3f s (checksum %.6g)%n",
                    block, REPEATS, scan, bytes / 1048576.0 / scan, median(scanCpu), checksum);
            System.out.printf("cat of the same %d files from page cache, median: %.3f s = %.0f MB/s, CPU %.3f s%n", chunkFiles.size(), cat,
                    bytes / 1048576.0 / cat, median(catCpu));
            System.out.printf("ratio scan / cat: median %.2f (goal <= 2); CPU ratio %.2f; load average %.1f%n", median(ratios),
                    median(scanCpu) / median(catCpu), java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("mean per neuron with scanRecordTiles, median: 1 thread %.3f s (CPU %.3f s, ratio to cat %.2f), "
                    + "2 threads %.3f s (ratio %.2f); mean[0] = %.6g%n", median(mean1), median(mean1Cpu), median(mean1) / cat,
                    median(mean2), median(mean2) / cat, means[0]);
        }
    }

    private static final int REPEATS = 5;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** CPU time of this JVM, all threads (the scan may use helper threads). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double scanAll(TraceReader reader, int neurons, int iterations, int block, float[] out) throws IOException {
        double sum = 0;
        for (int first = 0; first < neurons; first += block) {
            int count = Math.min(block, neurons - first);
            reader.readPolylines(TENSOR, first, count, 0, iterations, out);
            sum += out[0] + out[count * iterations - 1]; // touch the result so nothing is optimised away
        }
        return sum;
    }

    /**
     * The mean of every neuron over all records with {@code scanRecordTiles}: what whole-tensor
     * reductions need. With {@code threads} > 1 the neurons are split between threads, each scanning its range.
     */
    private static void meanPass(TraceReader reader, int neurons, int iterations, double[] means, int threads)
            throws IOException, InterruptedException {
        java.util.Arrays.fill(means, 0);
        Thread[] helpers = new Thread[threads - 1];
        IOException[] failure = new IOException[1];
        for (int t = 1; t < threads; t++) {
            int from = (int) ((long) neurons * t / threads);
            int to = (int) ((long) neurons * (t + 1) / threads);
            helpers[t - 1] = new Thread(() -> {
                try {
                    sumRange(reader, from, to - from, iterations, means);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            helpers[t - 1].start();
        }
        sumRange(reader, 0, neurons / threads, iterations, means);
        for (Thread h : helpers) {
            h.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        for (int j = 0; j < neurons; j++) {
            means[j] /= iterations;
        }
    }

    private static void sumRange(TraceReader reader, int first, int count, int iterations, double[] sums) throws IOException {
        reader.scanRecordTiles(TENSOR, first, count, 0, iterations, (firstNeuron, n, firstRecord, records, values, stride) -> {
            for (int i = 0; i < records; i++) {
                int row = i * stride;
                for (int k = 0; k < n; k++) {
                    sums[firstNeuron + k] += values[row + k];
                }
            }
        });
    }

    private static void generate(Path dir, int neurons, int iterations) throws IOException {
        int chunk = TensorInfo.recommendedChunkRecords(4L * neurons);
        TraceManifest manifest = new TraceManifest("benchmark", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("layer", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(new TensorInfo(TENSOR, "layer", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(neurons), chunk)),
                List.of(new MetricInfo("loss", null)), null, null, null);
        float[] row = new float[neurons];
        try (TraceWriter writer = TraceWriter.create(dir, manifest)) {
            for (int it = 0; it < iterations; it++) {
                for (int j = 0; j < neurons; j++) {
                    row[j] = (float) Math.sin(j * 0.001 + it * 0.01);
                }
                writer.beginRecord(it);
                writer.putTensor(TENSOR, row);
                writer.putMetric("loss", 1.0 / (it + 1));
                writer.commit();
            }
        }
    }

    private static List<String> chunkFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("tensors").resolve(TENSOR))) {
            return files.map(Path::toString).sorted().toList();
        }
    }

    /** Runs cat to /dev/null and returns its user + system CPU seconds (from bash's {@code time}). */
    private static double cat(List<String> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "TIMEFORMAT='%3U %3S'; time cat \"$@\" > /dev/null", "cat"));
        command.addAll(files);
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String times = new String(p.getErrorStream().readAllBytes()).trim();
        if (p.waitFor() != 0) {
            throw new IOException("cat failed: " + times);
        }
        String[] userSys = times.substring(times.lastIndexOf('\n') + 1).trim().split("\\s+");
        return Double.parseDouble(userSys[0]) + Double.parseDouble(userSys[1]);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private static double millis(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
