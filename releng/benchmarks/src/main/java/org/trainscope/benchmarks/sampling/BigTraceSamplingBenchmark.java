package org.trainscope.benchmarks.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.CandidateCollector;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.trace.RecordTileVisitor;
import org.trainscope.trace.TraceReader;

/**
 * Blue noise over a big trace (issue 16): one sequential read of the tensor (a record-tile scan
 * that does nothing but touch the values), the sampler, and the read again, in one JVM; the
 * sampler's time as a ratio to the mean read, its heap peak (used heap polled every 10 ms), and
 * how many of the planted outliers ({@code <trace>.planted.json}, written by make_big_trace.py)
 * the sample keeps.
 * <p>
 * Arguments: {@code TRACE [--tensor fc1.act] [--count 1000] [--seed 42] [--candidates C]
 * [--outliers K] [--exact] [--breakdown]}; {@code --exact} sets the candidate limit to the polyline
 * count (the exact sampler on all polylines); {@code --breakdown} first times the metric estimate, the
 * candidate pass and the exact sampler on the candidates apart (a warm-up too). See README-sampling.md, "Any number of polylines".
 */
public final class BigTraceSamplingBenchmark {

    private BigTraceSamplingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path trace = Path.of(args[0]);
        String tensor = "fc1.act";
        int count = 1000;
        long seed = 42;
        int candidates = SamplingParameters.DEFAULT_CANDIDATE_LIMIT;
        int outliers = SamplingParameters.DEFAULT_OUTLIER_LIMIT;
        boolean exact = false;
        boolean breakdown = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--tensor" -> tensor = args[++i];
                case "--count" -> count = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--candidates" -> candidates = Integer.parseInt(args[++i]);
                case "--outliers" -> outliers = Integer.parseInt(args[++i]);
                case "--exact" -> exact = true;
                case "--breakdown" -> breakdown = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        int[] planted = planted(Path.of(trace.toString().replaceAll("/+$", "") + ".planted.json"));
        try (TraceReader reader = TraceReader.open(trace)) {
            TracePolylines source = new TracePolylines(reader, tensor);
            int n = source.polylineCount();
            SamplingParameters parameters = SamplingParameters.builder().sampleCount(count).seed(seed)
                    .candidateLimit(exact ? n : candidates).outlierLimit(outliers).build();
            System.out.printf("%s: %,d polylines x %d records; %s%n", tensor, n, source.length(), parameters);
            double read1 = timeRead(source);
            if (breakdown) {
                breakdown(source, parameters);
            }
            HeapPeak peak = new HeapPeak();
            long started = System.nanoTime();
            SamplingResult result = new BlueNoisePolylineSampler().sample(source, parameters, new NullProgressMonitor());
            double sample = (System.nanoTime() - started) / 1e9;
            long peakBytes = peak.stop();
            double read2 = timeRead(source);
            int[] selected = result.sortedIndices();
            int kept = 0;
            for (int p : planted) {
                kept += Arrays.binarySearch(selected, p) >= 0 ? 1 : 0;
            }
            double read = (read1 + read2) / 2;
            System.out.printf("read %.1f s / %.1f s; blue noise %.1f s = %.2f x one read; heap peak %,d MB "
                    + "(max %,d MB); planted kept %d/%d; sample %d, non-finite polylines %,d, radius %.4g -> %.4g, "
                    + "%d passes%n", read1, read2, sample, sample / read, peakBytes >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, kept, planted.length, result.size(),
                    result.nonFiniteCandidates(), result.initialRadius(), result.finalRadius(), result.passes());
        }
    }

    /** The metric estimate, the candidate pass and the exact sampler on the candidates, timed apart. */
    private static void breakdown(TracePolylines source, SamplingParameters parameters) {
        long estimateStart = System.nanoTime();
        boolean candidates = source.polylineCount() > parameters.candidateLimit();
        PolylineMetric metric = candidates ? PolylineMetric.estimateFromRuns(source, parameters)
                : PolylineMetric.estimate(source, parameters);
        System.out.printf("metric estimate alone (1,024 seeded polylines, %s): %.1f s%n",
                candidates ? "32 runs of 32" : "one by one", (System.nanoTime() - estimateStart) / 1e9);
        if (source.polylineCount() > parameters.candidateLimit()) {
            long passStart = System.nanoTime();
            CandidateCollector collector = new CandidateCollector(source, parameters, metric, null);
            source.scanTiles(metric.from(), metric.to(), collector);
            double pass = (System.nanoTime() - passStart) / 1e9;
            long exactStart = System.nanoTime();
            new BlueNoisePolylineSampler().sample(collector.candidates(), parameters, new NullProgressMonitor());
            System.out.printf("candidate pass alone %.1f s, exact sampler on its candidates %.1f s%n", pass,
                    (System.nanoTime() - exactStart) / 1e9);
        }
    }

    /** One record-tile scan of the whole tensor touching every value. */
    private static double timeRead(TracePolylines source) {
        double[] sink = new double[1];
        long started = System.nanoTime();
        source.scanTiles(0, source.length(), (first, neurons, firstRecord, records, values, stride) -> {
            double s = 0;
            for (int r = 0; r < records; r++) {
                s += values[r * stride] + values[r * stride + neurons - 1];
            }
            sink[0] += s;
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        if (sink[0] == 42.4242) {
            System.out.println();
        }
        return seconds;
    }

    private static int[] planted(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new int[0];
        }
        Matcher m = Pattern.compile("\"neuron\":\\s*(\\d+)").matcher(Files.readString(file));
        int[] result = new int[0];
        while (m.find()) {
            result = Arrays.copyOf(result, result.length + 1);
            result[result.length - 1] = Integer.parseInt(m.group(1));
        }
        return result;
    }

    /** Polls the used heap. */
    private static final class HeapPeak {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private volatile boolean running = true;
        private volatile long peak;
        private final Thread thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        HeapPeak() {
            System.gc();
            thread.setDaemon(true);
            thread.start();
        }

        long stop() throws InterruptedException {
            running = false;
            thread.join();
            return Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
    }

    /** A trace tensor as a polyline source, scanned as its record tiles lie on disk. */
    private static final class TracePolylines implements PolylineSource {
        private final TraceReader reader;
        private final String tensor;
        private final int neurons;

        TracePolylines(TraceReader reader, String tensor) {
            this.reader = reader;
            this.tensor = tensor;
            this.neurons = reader.manifest().tensor(tensor).orElseThrow().neuronCount();
        }

        @Override
        public int polylineCount() {
            return neurons;
        }

        @Override
        public int length() {
            return reader.recordCount();
        }

        @Override
        public String name() {
            return tensor;
        }

        @Override
        public void read(int first, int count, float[] out) {
            try {
                reader.readPolylines(tensor, first, count, 0, length(), out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void scanTiles(int fromPoint, int toPoint, RecordTileVisitor visitor) {
            try {
                reader.scanRecordTiles(tensor, 0, neurons, fromPoint, toPoint - fromPoint, visitor);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
