package org.trainscope.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphEdge;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.LayerGroup;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.ProbeInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;

/** Synthetic traces written with the trace store's own writer. */
final class Traces {
    static final int PROBES = 16;

    private Traces() {
    }

    /**
     * A small CNN-like run shaped as the recorders write one: probe inputs [16, 1, 8, 8] with labels,
     * a convolution's activations [16, 4, 6, 6], a dense layer's activations [16, 64] of which some
     * units turn NaN in the last records, a float16 weight gradient [32, 100] with +Inf values, and a
     * loss that turns NaN; 40 records in chunks of 16 (the last one partial).
     */
    static Path demoLike(Path dir) throws IOException {
        TraceGraph graph = new TraceGraph(List.of(new LayerGroup("features", "Features")),
                List.of(new GraphNode("x", TraceNodeKind.OPERATOR, "input", "features"),
                        new GraphNode("conv", TraceNodeKind.OPERATOR, "conv2d", "features"),
                        new GraphNode("fc", TraceNodeKind.OPERATOR, "dense", "features"),
                        new GraphNode("fc.W", TraceNodeKind.PARAMETER, null, "features")),
                List.of(new GraphEdge("x", "conv"), new GraphEdge("conv", "fc"), new GraphEdge("fc.W", "fc")));
        List<TensorInfo> tensors = List.of(
                new TensorInfo("conv.act", "conv", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(PROBES, 4, 6, 6), 16),
                new TensorInfo("fc.act", "fc", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(PROBES, 64), 16),
                new TensorInfo("fc.W.grad", "fc.W", TraceTensorKind.GRADIENT, DType.FLOAT16, List.of(32, 100), 16));
        TraceManifest manifest = new TraceManifest("demo-like", "cnn", Map.of("framework", "synthetic"), graph, tensors,
                List.of(new MetricInfo("loss", null)), null,
                List.of(new ArrayInfo("probe.inputs", DType.FLOAT32, List.of(PROBES, 1, 8, 8)),
                        new ArrayInfo("probe.labels", DType.INT64, List.of(PROBES))),
                new ProbeInfo("probe.inputs", "probe.labels"));
        SplittableRandom random = new SplittableRandom(7);
        try (TraceWriter w = TraceWriter.create(dir, manifest)) {
            float[] inputs = new float[PROBES * 64];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = (float) random.nextDouble();
            }
            w.writeArray("probe.inputs", inputs);
            long[] labels = new long[PROBES];
            for (int p = 0; p < PROBES; p++) {
                labels[p] = p % 4;
            }
            w.writeArray("probe.labels", labels);
            for (int r = 0; r < 40; r++) {
                w.beginRecord(10L * r);
                float t = r / 40f;
                float[] conv = new float[PROBES * 4 * 36];
                for (int p = 0; p < PROBES; p++) {
                    for (int c = 0; c < 4; c++) {
                        for (int k = 0; k < 36; k++) {
                            // channel c responds to the probe inputs of class c
                            conv[(p * 4 + c) * 36 + k] = (p % 4 == c ? 2f : 0.1f) * (1 + t) + (float) (0.05 * random.nextGaussian());
                        }
                    }
                }
                w.putTensor("conv.act", conv);
                float[] fc = new float[PROBES * 64];
                for (int p = 0; p < PROBES; p++) {
                    for (int u = 0; u < 64; u++) {
                        float v = (float) Math.sin(u * 0.3 + t * 3) * (1 + p % 3) + (float) (0.01 * random.nextGaussian());
                        // units 5 and 9 fail: NaN from record 33 and 36 on; unit 60 explodes to +Inf at record 38
                        if (u == 5 && r >= 33 || u == 9 && r >= 36) {
                            v = Float.NaN;
                        } else if (u == 60 && r >= 38) {
                            v = Float.POSITIVE_INFINITY;
                        }
                        fc[p * 64 + u] = v;
                    }
                }
                w.putTensor("fc.act", fc);
                float[] grad = new float[3200];
                for (int j = 0; j < grad.length; j++) {
                    grad[j] = (float) (random.nextGaussian() * 0.01 * (1 - t));
                }
                if (r == 39) {
                    grad[17] = Float.POSITIVE_INFINITY;
                    grad[18] = Float.NEGATIVE_INFINITY;
                }
                w.putTensor("fc.W.grad", grad);
                w.putMetric("loss", r >= 38 ? Double.NaN : 2.3 * Math.exp(-t));
                w.commit();
            }
        }
        return dir;
    }

    /** Planted outlier groups of {@link #outliers}: indices of the polylines of each group. */
    record Planted(Path trace, String tensor, int polylines, int records, List<int[]> groups, int earliestFailure) {
    }

    /**
     * {@code n} polylines of {@code records} points in one tensor [n]: four smooth families with noise,
     * plus {@code groups} groups of 5 outliers (each group a bump of its own height at its own place,
     * members close to each other and far from everything else), and polylines that turn NaN: 200
     * from record records-3 on and one (the earliest failure) from record records-6 on.
     */
    static Planted outliers(Path dir, int n, int records, int groups, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        TensorInfo tensor = new TensorInfo("dense.act", "dense", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(n),
                TensorInfo.recommendedChunkRecords(4L * n));
        TraceGraph graph = new TraceGraph(List.of(), List.of(new GraphNode("dense", TraceNodeKind.OPERATOR, "dense", null)),
                List.of());
        TraceManifest manifest = new TraceManifest("planted", "mlp", Map.of(), graph, List.of(tensor), List.of(), null, null, null);
        // which family, level and noise each polyline has; where the planted groups are
        int[] family = new int[n];
        float[] level = new float[n];
        for (int i = 0; i < n; i++) {
            family[i] = random.nextInt(4);
            level[i] = (float) random.nextGaussian() * 0.3f;
        }
        List<int[]> planted = new ArrayList<>();
        int[] groupOf = new int[n];
        java.util.Arrays.fill(groupOf, -1);
        for (int g = 0; g < groups; g++) {
            int[] members = new int[5];
            for (int k = 0; k < 5; k++) {
                int i;
                do {
                    i = random.nextInt(n);
                } while (groupOf[i] >= 0);
                groupOf[i] = g;
                members[k] = i;
            }
            planted.add(members);
        }
        int earliest;
        do {
            earliest = random.nextInt(n);
        } while (groupOf[earliest] >= 0);
        boolean[] failing = new boolean[n];
        for (int k = 0; k < 200; k++) {
            int i = random.nextInt(n);
            if (groupOf[i] < 0 && i != earliest) {
                failing[i] = true;
            }
        }
        float[] row = new float[n];
        try (TraceWriter w = TraceWriter.create(dir, manifest)) {
            for (int r = 0; r < records; r++) {
                w.beginRecord(r);
                double t = r / (double) (records - 1);
                for (int i = 0; i < n; i++) {
                    double v = switch (family[i]) {
                        case 0 -> t;
                        case 1 -> 1 - t;
                        case 2 -> Math.sin(Math.PI * t);
                        default -> 0.5;
                    };
                    v += level[i] + 0.02 * random.nextGaussian();
                    int g = groupOf[i];
                    if (g >= 0) {
                        // a bump of height 6 + g/4 around point 1 + g % (records - 2): far from the bulk
                        int at = 1 + g % (records - 2);
                        v += Math.abs(r - at) <= 1 ? 6 + g / 4.0 : 0;
                    }
                    if (failing[i] && r >= records - 3 || i == earliest && r >= records - 6) {
                        v = Double.NaN;
                    }
                    row[i] = (float) v;
                }
                w.putTensor("dense.act", row);
                w.commit();
            }
        }
        return new Planted(dir, "dense.act", n, records, planted, earliest);
    }
}
