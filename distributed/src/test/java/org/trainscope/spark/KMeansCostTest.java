package org.trainscope.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.algorithms.clustering.Clustering;
import org.trainscope.algorithms.clustering.KMeans;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.core.math.FloatMatrix;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceManifest;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.TraceReader;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceWriter;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.ProbeInfo;

/**
 * MLlib's k-means of the activation profiles, read by the job in partitions, against the
 * single-machine k-means of the CNNVis view ({@code KMeans}, 3 restarts) on the same profiles read
 * with the trace reader: the costs agree within 1 %.
 */
class KMeansCostTest {
    static final int PROBES = 24;
    static final int UNITS = 12_000;
    static final int K = 6;

    @TempDir
    Path tmp;

    @Test
    void mllibCostIsWithinOnePercentOfTheSingleMachineKMeans() throws Exception {
        Path trace = write(tmp.resolve("profiles"));
        ReduceOptions o = new ReduceOptions(0.01, 0, 5, 32, 2.0, 0, 64L << 20, List.of(), K, 100, -1, 2048);
        ReduceJob.Report report = ReduceJob.run(SparkTests.context(), trace.toString(), tmp.resolve("reduced").toString(), o);
        ActivationKMeans.Result spark = report.tensors().get(0).kmeans();
        assertEquals(UNITS, spark.labels().length);
        assertEquals(UNITS - 2, spark.finiteProfiles(), "the two units with NaN and Inf are set aside");

        float[] record = new float[PROBES * UNITS];
        try (TraceReader reader = TraceReader.open(trace)) {
            reader.readRecord("hidden.act", 1, record);
        }
        FloatMatrix profiles = NeuronFeatures.fullActivation(new NeuronActivations(record, PROBES, UNITS, new int[0]));
        Clustering local = new KMeans(3, 100).cluster(profiles, K, 5, null);
        assertEquals(2, local.nonFiniteRows().length);
        double relative = Math.abs(spark.cost() - local.cost()) / local.cost();
        System.out.printf("k-means cost: MLlib %.6g, single machine %.6g, difference %.4f %%%n", spark.cost(), local.cost(),
                100 * relative);
        assertTrue(relative <= 0.01, "MLlib " + spark.cost() + " vs single machine " + local.cost());
        assertEquals(K, spark.labels()[7], "NaN profile labelled k");
    }

    /**
     * A dense layer's activations [24, 12000] at 2 records: 6 groups of units, each with its own
     * response to the 24 probe inputs, plus noise of a quarter of the distances between groups; unit
     * 7 is NaN on one input and unit 8 +Inf at the clustered (last) record.
     */
    static Path write(Path dir) throws Exception {
        TensorInfo t = new TensorInfo("hidden.act", "hidden", TraceTensorKind.ACTIVATION, DType.FLOAT32, List.of(PROBES, UNITS), 64);
        TraceManifest m = new TraceManifest("profiles", "mlp", Map.of(),
                new TraceGraph(List.of(), List.of(new GraphNode("hidden", TraceNodeKind.OPERATOR, "dense", null)), List.of()),
                List.of(t), List.<MetricInfo>of(), null, List.of(new ArrayInfo("probe.inputs", DType.FLOAT32, List.of(PROBES, 2))),
                new ProbeInfo("probe.inputs", null));
        SplittableRandom random = new SplittableRandom(3);
        float[][] centres = new float[K][PROBES];
        for (float[] c : centres) {
            for (int p = 0; p < PROBES; p++) {
                c[p] = (float) (random.nextDouble() * 4);
            }
        }
        try (TraceWriter w = TraceWriter.create(dir, m)) {
            w.writeArray("probe.inputs", new float[PROBES * 2]);
            for (int r = 0; r < 2; r++) {
                w.beginRecord(r);
                float[] values = new float[PROBES * UNITS];
                for (int u = 0; u < UNITS; u++) {
                    float[] c = centres[u % K];
                    for (int p = 0; p < PROBES; p++) {
                        values[p * UNITS + u] = c[p] + (float) (0.5 * random.nextGaussian());
                    }
                }
                if (r == 1) {
                    values[3 * UNITS + 7] = Float.NaN;
                    values[5 * UNITS + 8] = Float.POSITIVE_INFINITY;
                }
                w.putTensor("hidden.act", values);
                w.commit();
            }
        }
        return dir;
    }
}
