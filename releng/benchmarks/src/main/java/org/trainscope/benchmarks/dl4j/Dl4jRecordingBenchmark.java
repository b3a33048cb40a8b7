package org.trainscope.benchmarks.dl4j;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trainscope.recorders.dl4j.RecordedKind;
import org.trainscope.recorders.dl4j.RecordingConfig;
import org.trainscope.recorders.dl4j.TraceRecordingListener;
import org.trainscope.recorders.dl4j.demo.DemoKind;
import org.trainscope.recorders.dl4j.demo.DemoResult;
import org.trainscope.recorders.dl4j.demo.DemoRuns;
import org.trainscope.recorders.dl4j.demo.DemoSize;
import org.trainscope.recorders.dl4j.demo.FashionMnist;

/**
 * Measures the DL4J recorder (README-dl4j.md):
 *
 * <pre>
 * overhead OUT [ROUNDS [ITERATIONS]]   time per iteration of the demo CNN, plain and recorded
 * demos OUT [SEED]                     records every demo run; iterations, seconds, accuracy, MB
 * </pre>
 *
 * The overhead rounds alternate plain and recorded training from the same seed on the same
 * batches, so that load from other processes hits both alike. The median iteration hides the
 * recorded iterations (one in ten), so the mean per iteration (what a whole run costs) is the
 * figure that counts; both are printed. On a shared machine wall times swing with other
 * processes, so the harness also measures the time spent inside the recorder's callbacks (two
 * stopwatch listeners around it) and the process CPU time per iteration.
 */
public final class Dl4jRecordingBenchmark {
    private static final long SEED = 42;

    private Dl4jRecordingBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Dl4jRecordingBenchmark overhead OUT [ROUNDS [ITERATIONS]] | demos OUT [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        switch (args[0]) {
            case "overhead" -> overhead(out, args.length > 2 ? Integer.parseInt(args[2]) : 3,
                    args.length > 3 ? Integer.parseInt(args[3]) : 60);
            case "demos" -> demos(out, args.length > 2 ? Long.parseLong(args[2]) : SEED);
            default -> throw new IllegalArgumentException("unknown benchmark " + args[0]);
        }
    }

    private record Setting(String name, RecordingConfig config) {
    }

    /** Per-iteration measurements of one training run. */
    private record Times(double[] wallMs, double[] cpuMs, double[] inRecorderMs) {
        static Times concat(Times a, Times b) {
            return new Times(cat(a.wallMs, b.wallMs), cat(a.cpuMs, b.cpuMs), cat(a.inRecorderMs, b.inRecorderMs));
        }

        static Times empty() {
            return new Times(new double[0], new double[0], new double[0]);
        }
    }

    /**
     * Two of these bracket the recorder in the listener list (DL4J calls listeners in order), so
     * the time between them is the recorder's own, whatever else loads the machine.
     */
    private static final class Stopwatch extends BaseTrainingListener {
        private final boolean start;
        private final long[] startedAt;
        private final double[] spentMs;

        Stopwatch(boolean start, long[] startedAt, double[] spentMs) {
            this.start = start;
            this.startedAt = startedAt;
            this.spentMs = spentMs;
        }

        private void tick() {
            if (start) {
                startedAt[0] = System.nanoTime();
            } else {
                spentMs[0] += (System.nanoTime() - startedAt[0]) / 1e6;
            }
        }

        @Override
        public void onGradientCalculation(Model model) {
            tick();
        }

        @Override
        public void iterationDone(Model model, int iteration, int epoch) {
            tick();
        }
    }

    private static double processCpuMs() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e6;
    }

    private static void overhead(Path out, int rounds, int iterations) throws IOException {
        FashionMnist data = FashionMnist.load(DemoRuns.dataDirectory());
        DemoSize size = DemoSize.defaults();
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b <= iterations; b++) {
            batches.add(batch(data.train(), b * size.batchSize(), size.batchSize()));
        }
        RecordingConfig demo = DemoRuns.recordingConfig(DemoKind.CNN, SEED, size);
        List<Setting> settings = List.of(
                new Setting("plain (no listener)", null),
                new Setting("scores + batches only", demo.toBuilder().tensorsEvery(0).build()),
                new Setting("demo config (tensors every 10)", demo),
                new Setting("params every 1, activations every 10", demo.toBuilder().tensorsEvery(1).every(RecordedKind.ACTIVATIONS, 10).build()),
                new Setting("everything every iteration", demo.toBuilder().tensorsEvery(1).build()));
        Times[] perIteration = new Times[settings.size()];
        Arrays.fill(perIteration, Times.empty());
        train(batches, null, out.resolve("warmup"), 20); // JIT, natives, workspaces
        int run = 0;
        for (int r = 0; r < rounds; r++) {
            for (int s = 0; s < settings.size(); s++) {
                Times times = train(batches, settings.get(s).config(), out.resolve("run" + run++), iterations);
                perIteration[s] = Times.concat(perIteration[s], times);
            }
        }
        System.out.printf(Locale.ROOT, "demo CNN, batch %d, %d rounds x %d iterations per setting%n", size.batchSize(), rounds, iterations);
        System.out.printf(Locale.ROOT, "%-38s %9s %9s %9s %9s %9s %9s%n", "setting", "wall med", "wall mean", "wall p90",
                "cpu mean", "recorder", "overhead");
        double plainWall = mean(perIteration[0].wallMs());
        for (int s = 0; s < settings.size(); s++) {
            Times t = perIteration[s];
            // the recorder's own time against a plain iteration: robust to load from other processes
            double overhead = 100 * mean(t.inRecorderMs()) / plainWall;
            System.out.printf(Locale.ROOT, "%-38s %9.1f %9.1f %9.1f %9.1f %9.1f %8.1f%%%n", settings.get(s).name(),
                    percentile(t.wallMs(), 50), mean(t.wallMs()), percentile(t.wallMs(), 90), mean(t.cpuMs()),
                    mean(t.inRecorderMs()), overhead);
        }
        System.out.println("(ms per iteration; cpu = process CPU time, all threads; recorder = time inside the recorder's"
                + " callbacks; overhead = recorder / plain wall mean)");
        System.out.printf(Locale.ROOT, "bytes per run of %d iterations, demo config: %.1f MB%n", iterations,
                bytes(out.resolve("run2")) / 1e6);
    }

    /** Trains a fresh demo CNN on {@code batches}, measuring every iteration. */
    private static Times train(List<DataSet> batches, RecordingConfig config, Path dir, int iterations) {
        Nd4j.getRandom().setSeed(SEED);
        MultiLayerNetwork net = DemoRuns.network(DemoKind.CNN, SEED);
        TraceRecordingListener recorder = null;
        long[] startedAt = {0};
        double[] inRecorder = {0};
        if (config != null) {
            DataSet probe = batches.get(batches.size() - 1);
            recorder = new TraceRecordingListener(dir, probe.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()), null, config);
            int batchSize = batches.get(0).numExamples();
            recorder.setBatchIndexSource(() -> {
                long[] idx = new long[batchSize];
                Arrays.setAll(idx, i -> i);
                return idx;
            });
            net.setListeners(new Stopwatch(true, startedAt, inRecorder), recorder, new Stopwatch(false, startedAt, inRecorder));
        }
        double[] wall = new double[iterations];
        double[] cpu = new double[iterations];
        double[] rec = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            inRecorder[0] = 0;
            double c0 = processCpuMs();
            long t0 = System.nanoTime();
            net.fit(batches.get(i));
            wall[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = processCpuMs() - c0;
            rec[i] = inRecorder[0];
        }
        if (recorder != null) {
            recorder.close();
        }
        return new Times(wall, cpu, rec);
    }

    private static void demos(Path out, long seed) throws IOException {
        System.out.printf(Locale.ROOT, "%-14s %6s %9s %9s %9s  %s%n", "demo", "iters", "seconds", "accuracy", "trace MB", "anomaly");
        long totalBytes = 0;
        double totalSeconds = 0;
        for (DemoKind kind : DemoKind.values()) {
            DemoResult r = DemoRuns.record(kind, out, seed, new NullProgressMonitor());
            totalBytes += r.traceBytes();
            totalSeconds += r.duration().toMillis() / 1000.0;
            System.out.printf(Locale.ROOT, "%-14s %6d %9.1f %9s %9.1f  %s%n", kind.directoryName(), r.iterations(),
                    r.duration().toMillis() / 1000.0,
                    Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", r.testAccuracy()),
                    r.traceBytes() / 1e6, r.anomaly().map(a -> "iteration " + a.iteration() + ": " + a.reason()).orElse("-"));
        }
        System.out.printf(Locale.ROOT, "%-14s %6s %9.1f %9s %9.1f%n", "total", "", totalSeconds, "", totalBytes / 1e6);
    }

    private static DataSet batch(FashionMnist.Split split, int from, int n) {
        float[] x = new float[n * 784];
        float[] y = new float[n * 10];
        for (int i = 0; i < n; i++) {
            int image = (from + i) % split.size();
            for (int j = 0; j < 784; j++) {
                x[i * 784 + j] = split.pixel(image, j);
            }
            y[i * 10 + split.label(image)] = 1;
        }
        return new DataSet(Nd4j.create(x, new long[] {n, 784}, 'c'), Nd4j.create(y, new long[] {n, 10}, 'c'));
    }

    private static double[] cat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static double mean(double[] t) {
        return Arrays.stream(t).average().orElse(Double.NaN);
    }

    private static double percentile(double[] t, double p) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p / 100 * s.length))];
    }

    private static long bytes(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }
}
