package org.trainscope.spark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.spark.TrainScopeSpark;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;

/**
 * The reduction benchmark (docs/scale-out.md, "Measured"): one JVM per measurement.
 * <pre>
 *   generate DIR N RECORDS      a trace with one tensor [N]: N polylines of RECORDS points (4 smooth
 *                               families with noise, 0.1 % outliers), written with the trace writer
 *   single DIR RATE             the single-machine blue-noise sampler on that file (memory-mapped reads)
 *   spark DIR OUT MASTER RATE   trainscope-spark reduce with that master (k-means off: no probe axis)
 * </pre>
 * Prints wall seconds and the process's CPU seconds.
 */
public final class ReduceBenchmark {
    private ReduceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "single" -> single(Path.of(args[1]), Double.parseDouble(args[2]));
            case "spark" -> {
                int exit = TrainScopeSpark.run(new String[] {"reduce", args[1], args[2], "--master", args[3], "--rate", args[4],
                        "--k", "0"});
                if (exit != 0) {
                    System.exit(exit);
                }
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
        double wall = (System.nanoTime() - start) / 1e9;
        double cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
        System.out.printf("%s: wall %.1f s, cpu %.1f s%n", String.join(" ", args), wall, cpu);
    }

    static void generate(Path dir, int n, int records) throws IOException {
        TensorInfo t = new TensorInfo("dense.act", "dense", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(n),
                TensorInfo.recommendedChunkRecords(4L * n));
        TraceManifest m = new TraceManifest("benchmark", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("dense", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(t), List.of(), null, null, null);
        SplittableRandom random = new SplittableRandom(1);
        byte[] family = new byte[n];
        float[] level = new float[n];
        for (int i = 0; i < n; i++) {
            family[i] = (byte) (random.nextInt(1000) == 0 ? 4 : random.nextInt(4));
            level[i] = (float) random.nextGaussian() * 0.3f;
        }
        float[] row = new float[n];
        try (TraceWriter w = TraceWriter.create(dir, m)) {
            for (int r = 0; r < records; r++) {
                w.beginRecord(r);
                double x = r / (double) (records - 1);
                for (int i = 0; i < n; i++) {
                    double v = switch (family[i]) {
                        case 0 -> x;
                        case 1 -> 1 - x;
                        case 2 -> Math.sin(Math.PI * x);
                        case 3 -> 0.5;
                        default -> 4 * Math.sin(6 * x + i); // outliers
                    };
                    row[i] = (float) (v + level[i] + 0.02 * random.nextGaussian());
                }
                w.putTensor("dense.act", row);
                w.commit();
            }
        }
    }

    static void single(Path dir, double rate) throws IOException {
        try (TraceReader reader = TraceReader.open(dir)) {
            int n = reader.manifest().tensors().get(0).neuronCount();
            int length = reader.recordCount();
            PolylineSource source = new PolylineSource() {
                @Override
                public int polylineCount() {
                    return n;
                }

                @Override
                public int length() {
                    return length;
                }

                @Override
                public void read(int first, int count, float[] out) {
                    try {
                        reader.readPolylines("dense.act", first, count, 0, length, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            SamplingResult r = new BlueNoisePolylineSampler().sample(source, SamplingParameters.builder().sampleRate(rate).build(), null);
            System.out.println("single machine: " + r);
        }
    }
}
