package org.trainscope.adapters.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.adapters.numpy.NumpyRunAdapter;
import org.trainscope.adapters.onnx.OnnxRunAdapter;
import org.trainscope.adapters.tensorboard.TensorBoardRunAdapter;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * A deterministic mutation fuzzer for the four parsers (trace, npy/npz, tfevents, ONNX). Each case
 * takes a valid fixture, mutates it (bit flips, interesting bytes, truncation, splices with another
 * fixture, duplicated or deleted ranges), opens it with the adapter and reads a little of every
 * tensor as the views do ({@link #readAsViewsDo}). The only acceptable failure is an IOException;
 * anything else, or a case that uses more than its CPU-time budget, is a finding and its input is
 * saved. {@link FuzzTest} runs a short campaign in
 * CI; {@link #main} runs a long one (see docs/fuzzing.md).
 */
public final class MutationFuzzer {
    /** One parser under test: its adapter, its seed inputs and how a case's input is laid out on disk. */
    record Target(String name, IRunAdapter adapter, List<Path> seeds, String suffix) {
    }

    /** An input that made a parser fail in a way other than IOException. */
    record Finding(String target, long caseNumber, String problem, Path input) {
    }

    /**
     * CPU time one case (open and read) may use, measured on the case's thread so that a loaded
     * machine does not count: inputs within the documented limits stay far below it.
     */
    static final long CASE_CPU_BUDGET_MILLIS = 5_000;
    /** Wall-clock backstop for a case that blocks without using CPU (it should never). */
    private static final long CASE_WALL_LIMIT_MILLIS = 60_000;
    /** Largest record a read phase copies whole, as a view's snapshot would. */
    private static final int MAX_SNAPSHOT_NEURONS = 1 << 24;
    /** Neurons per polyline block, as the blue-noise sampler reads them. */
    private static final int POLYLINE_BLOCK = 64;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final Path work;
    private final Path findingsDir;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-case");
        t.setDaemon(true);
        return t;
    });
    private ExecutorService current = executor;

    MutationFuzzer(Path work, Path findingsDir) {
        this.work = work;
        this.findingsDir = findingsDir;
    }

    static List<Target> targets(Path traceSeed) throws IOException {
        return List.of(
                new Target("trace", new TraceRunAdapter(), traceFiles(traceSeed), "trace"),
                new Target("numpy", new NumpyRunAdapter(), List.of(Fixtures.data("numpy/activations.npy"),
                        Fixtures.data("numpy/arrays.npz"), Fixtures.data("numpy/compressed.npz"),
                        Fixtures.data("numpy/bigendian_i4.npy")), ".npy"),
                new Target("tensorboard", new TensorBoardRunAdapter(), List.of(
                        Fixtures.data("tensorboard/events.out.tfevents.1700000000.host.1.0")), ".tfevents.1"),
                new Target("onnx", new OnnxRunAdapter(), List.of(Fixtures.data("onnx/mlp.onnx"),
                        Fixtures.data("onnx/vae.onnx"), Fixtures.data("onnx/dtypes.onnx")), ".onnx"));
    }

    private static List<Path> traceFiles(Path trace) throws IOException {
        try (Stream<Path> s = Files.walk(trace)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Runs {@code cases} mutations of {@code target} from {@code seed}; returns the findings. */
    List<Finding> run(Target target, long seed, int cases, Path traceSeed) throws IOException {
        Random random = new Random(seed);
        List<Finding> findings = new ArrayList<>();
        List<byte[]> seeds = new ArrayList<>();
        for (Path p : target.seeds()) {
            seeds.add(Files.readAllBytes(p));
        }
        for (long c = 0; c < cases; c++) {
            int which = random.nextInt(seeds.size());
            byte[] input = Mutations.mutate(seeds.get(which), seeds.get(random.nextInt(seeds.size())), random);
            Path location = materialise(target, which, input, traceSeed);
            String problem = runCase(target.adapter(), location);
            if (problem != null) {
                Path saved = save(target.name(), seed, c, target.seeds().get(which), input);
                findings.add(new Finding(target.name(), c, problem, saved));
            }
            if (isTrace(target)) {
                // put the one mutated file back instead of copying the whole trace again
                Files.write(location.resolve(traceSeed.relativize(target.seeds().get(which)).toString()), seeds.get(which));
            }
        }
        cleanWork();
        return findings;
    }

    /** Writes the case's input where the adapter expects it: a single file, or a trace folder with one file replaced. */
    private Path materialise(Target target, int which, byte[] input, Path traceSeed) throws IOException {
        if (!isTrace(target)) {
            String name = target.seeds().get(which).getFileName().toString();
            String suffix = name.endsWith(".npz") ? ".npz" : target.suffix();
            return Files.write(work.resolve("case" + suffix), input);
        }
        Path dir = work.resolve("trace");
        for (Path f : Files.exists(dir) ? List.<Path>of() : target.seeds()) {
            Path copy = dir.resolve(traceSeed.relativize(f).toString());
            Files.createDirectories(copy.getParent());
            Files.copy(f, copy);
        }
        Files.write(dir.resolve(traceSeed.relativize(target.seeds().get(which)).toString()), input);
        return dir;
    }

    private static boolean isTrace(Target target) {
        return target.suffix().equals("trace");
    }

    private String runCase(IRunAdapter adapter, Path location) {
        AtomicLongArray worker = new AtomicLongArray(new long[] {-1, 0}); // thread id, CPU ns at the case's start
        Future<String> f = current.submit(() -> {
            worker.set(1, THREADS.getCurrentThreadCpuTime());
            worker.set(0, Thread.currentThread().getId());
            return openAndRead(adapter, location);
        });
        long wallStart = System.nanoTime();
        try {
            while (true) {
                try {
                    return f.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    long cpu = worker.get(0) < 0 ? 0 : THREADS.getThreadCpuTime(worker.get(0)) - worker.get(1);
                    long wall = System.nanoTime() - wallStart;
                    if (cpu > CASE_CPU_BUDGET_MILLIS * 1_000_000 || wall > CASE_WALL_LIMIT_MILLIS * 1_000_000) {
                        f.cancel(true);
                        current = Executors.newSingleThreadExecutor(); // the stuck thread keeps the old one
                        return cpu > CASE_CPU_BUDGET_MILLIS * 1_000_000
                                ? "more than " + CASE_CPU_BUDGET_MILLIS + " ms of CPU time"
                                : "no answer within " + CASE_WALL_LIMIT_MILLIS + " ms of wall time";
                    }
                }
            }
        } catch (Exception e) {
            return "harness: " + e;
        }
    }

    /** Null when the adapter behaved: opened and read, or failed with an IOException. */
    static String openAndRead(IRunAdapter adapter, Path location) {
        try {
            adapter.validate(location);
            try (Run run = adapter.open(location, new NullProgressMonitor())) {
                readAsViewsDo(run);
            }
            return null;
        } catch (IOException expected) {
            return null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /**
     * The read phase: what the views read of a run. The graph (Network view, layering), every metric
     * (charts), of every tensor its first and last snapshot (heatmaps, Neuron Credit's inputs at an
     * iteration) and a block of polylines over all records (blue-noise sampling), the probe inputs
     * and labels (Neuron Credit's input strip) and a batch.
     */
    static void readAsViewsDo(Run run) throws IOException {
        run.graph().topologicalOrder();
        run.graph().layerGroups();
        for (MetricSeries m : run.metrics()) {
            m.firstNonFiniteIteration();
        }
        for (TensorSeries t : run.tensors()) {
            readTensor(t);
        }
        Optional<TensorSeries> probes = run.probeInputs();
        if (probes.isPresent()) {
            readTensor(probes.get());
        }
        run.probeLabels();
        long[] iterations = run.tensors().isEmpty() ? new long[0] : run.tensors().get(0).iterations();
        if (iterations.length > 0) {
            run.batchIndices(iterations[0]);
        }
        run.warnings();
    }

    private static void readTensor(TensorSeries t) throws IOException {
        int records = t.iterationCount();
        int neurons = t.neuronCount();
        if (records == 0 || neurons == 0) {
            return;
        }
        if (neurons <= MAX_SNAPSHOT_NEURONS) {
            float[] snapshot = new float[neurons];
            t.readSnapshot(0, snapshot);
            t.readSnapshot(records - 1, snapshot);
        }
        int block = Math.min(POLYLINE_BLOCK, neurons);
        if ((long) block * records <= MAX_SNAPSHOT_NEURONS) {
            t.readPolylines(neurons - block, block, 0, records, new float[block * records]);
        } else {
            t.readPolyline(neurons - 1, 0, records, new float[records]);
        }
    }

    private Path save(String target, long seed, long c, Path origin, byte[] input) throws IOException {
        Files.createDirectories(findingsDir);
        String name = origin.getFileName().toString();
        return Files.write(findingsDir.resolve(target + "-" + seed + "-" + c + "-" + name), input);
    }

    private void cleanWork() throws IOException {
        try (Stream<Path> s = Files.walk(work)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(work)) {
                    Files.delete(p);
                }
            }
        }
    }

    void shutdown() {
        executor.shutdownNow();
        current.shutdownNow();
    }

    /**
     * {@code MutationFuzzer [casesPerParser] [seed] [parser...]}: runs a campaign and prints
     * executions, time and findings per parser; inputs of findings go to {@code fuzz-findings/}.
     */
    public static void main(String[] args) throws Exception {
        int cases = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
        Path work = Files.createTempDirectory("fuzz");
        Path traceSeed = FuzzTest.writeTraceSeed(Files.createTempDirectory("fuzz-trace"));
        MutationFuzzer fuzzer = new MutationFuzzer(work, Paths.get(System.getProperty("fuzz.findings", "fuzz-findings")));
        int total = 0;
        for (Target t : targets(traceSeed)) {
            if (!only.isEmpty() && !only.contains(t.name())) {
                continue;
            }
            long start = System.nanoTime();
            List<Finding> findings = fuzzer.run(t, seed, cases, traceSeed);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%-12s %,d executions in %.1f s (%.0f/s), %d findings%n", t.name(), cases, seconds,
                    cases / seconds, findings.size());
            Map<String, Long> kinds = new java.util.TreeMap<>();
            findings.forEach(f -> kinds.merge(f.problem(), 1L, Long::sum));
            kinds.forEach((k, n) -> System.out.println("    " + n + " x " + k));
            findings.stream().limit(5).forEach(f -> System.out.println("    e.g. " + f.input()));
            total += findings.size();
        }
        fuzzer.shutdown();
        System.exit(total == 0 ? 0 : 1);
    }
}
