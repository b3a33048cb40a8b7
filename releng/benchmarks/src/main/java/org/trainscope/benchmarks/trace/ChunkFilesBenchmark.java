package org.trainscope.benchmarks.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;
import org.trainscope.trace.internal.ChannelCache;
import org.trainscope.trace.internal.ChunkedSeries;

/**
 * Issue 16: a tensor of 100 chunk files (one record each, as the synthetic traces) read
 * through a channel cache of 64 (the old fixed size) and through the cache sized from the tensor's
 * chunk files. Two passes each: the record-tile scan (strips of 8192 neurons, all records of a strip)
 * and polyline blocks of 2048 neurons over all records (what Training Dynamics read per block). Each
 * is timed and reported as a ratio to one sequential read of the chunk files, with the files it opened.
 *
 * <p>Usage: {@code run.sh chunk-files TEMP_DIR [neurons=1000000] [records=100]}; the trace is written
 * once under TEMP_DIR and reused.
 */
public final class ChunkFilesBenchmark {
    private static final int OLD_CAPACITY = 64;
    private static final int POLYLINE_BLOCK = 2048;

    private ChunkFilesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]).resolve("chunk-files-trace");
        int neurons = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int records = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        if (!Files.exists(dir.resolve("manifest.json"))) {
            write(dir, neurons, records);
        }
        Path tensor = dir.resolve("tensors").resolve("a");
        System.out.printf(Locale.ROOT, "%d neurons x %d records, one chunk file per record (%.0f MB), %d CPUs, file limit ceiling %d%n",
                neurons, records, neurons * 4.0 * records / 1e6, Runtime.getRuntime().availableProcessors(), new ChannelCache(OLD_CAPACITY).ceiling());
        double oneRead = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            oneRead = Math.min(oneRead, sequentialRead(tensor));
        }
        System.out.printf(Locale.ROOT, "one sequential read of the chunk files: %.3f s%n", oneRead);
        System.out.println("mmap   cache        pass                 seconds  x one read   opens   opens/s");
        for (boolean mmap : new boolean[] { true, false }) {
            for (boolean old : new boolean[] { true, false }) {
                for (String pass : List.of("record tiles", "polyline blocks")) {
                    double best = Double.MAX_VALUE;
                    long opens = 0;
                    for (int rep = 0; rep < 2; rep++) {
                        System.setProperty("org.trainscope.trace.mmap", Boolean.toString(mmap));
                        try (ChannelCache cache = old ? new ChannelCache(OLD_CAPACITY, OLD_CAPACITY) : new ChannelCache(OLD_CAPACITY)) {
                            ChunkedSeries s = new ChunkedSeries("tensor a", tensor, DType.FLOAT32, List.of(neurons), 1, cache);
                            List<String> warnings = new ArrayList<>();
                            s.checkAvailable(0, records, warnings, r -> r); // as opening a reader does
                            long before = cache.opens();
                            long t0 = System.nanoTime();
                            if (pass.equals("record tiles")) {
                                double[] sum = new double[1];
                                s.scanTiles(0, records, 0, neurons, (first, n, rec0, rows, values, stride) -> sum[0] += values[0]);
                            } else {
                                float[] out = new float[POLYLINE_BLOCK * records];
                                for (int first = 0; first < neurons; first += POLYLINE_BLOCK) {
                                    s.readColumns(0, records, first, Math.min(POLYLINE_BLOCK, neurons - first), out);
                                }
                            }
                            double seconds = (System.nanoTime() - t0) / 1e9;
                            if (seconds < best) {
                                best = seconds;
                                opens = cache.opens() - before;
                            }
                            s.close();
                        }
                    }
                    System.out.printf(Locale.ROOT, "%-6s %-12s %-18s %9.3f %10.1f %8d %9.0f%n", mmap, old ? "64 (old)" : "sized (new)", pass,
                            best, best / oneRead, opens, opens / best);
                }
            }
        }
        System.clearProperty("org.trainscope.trace.mmap");
    }

    private static double sequentialRead(Path tensor) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(4 << 20);
        long t0 = System.nanoTime();
        long bytes = 0;
        try (Stream<Path> files = Files.list(tensor)) {
            for (Path f : files.sorted().toList()) {
                try (FileChannel c = FileChannel.open(f, StandardOpenOption.READ)) {
                    int n;
                    while ((n = c.read(buf.clear())) > 0) {
                        bytes += n;
                    }
                }
            }
        }
        if (bytes == 0) {
            throw new IOException("nothing read from " + tensor);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void write(Path dir, int neurons, int records) throws IOException {
        TraceManifest m = new TraceManifest("chunk-files", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("n", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(new TensorInfo("a", "n", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(neurons), 1)), List.of(), null,
                null, null);
        float[] row = new float[neurons];
        try (TraceWriter w = TraceWriter.create(dir, m)) {
            for (int rec = 0; rec < records; rec++) {
                for (int j = 0; j < neurons; j++) {
                    row[j] = (float) Math.sin(j * 1e-3 + rec * 0.05);
                }
                w.beginRecord(rec);
                w.putTensor("a", row);
                w.commit();
            }
        }
    }
}
