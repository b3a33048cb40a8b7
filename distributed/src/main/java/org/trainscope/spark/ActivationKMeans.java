package org.trainscope.spark;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.mllib.clustering.KMeans;
import org.apache.spark.mllib.clustering.KMeansModel;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.storage.StorageLevel;
import org.trainscope.algorithms.clustering.NeuronActivations;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.core.math.FloatMatrix;

import scala.Tuple2;

/**
 * CNNVis's neuron clustering at scale: k-means (Spark MLlib, k-means|| seeding then Lloyd) of the
 * neurons' activation profiles, i.e. each unit's activation on every probe input at one record
 * ({@code NeuronFeatures.fullActivation}); a convolution's units are its channels, each the mean over
 * its positions ({@code NeuronActivations.perChannel}), as the CNNVis view clusters them. Profiles
 * are read by ranges of units (one positional read per probe input), never the whole tensor in one
 * task. Profiles with NaN or infinity are data that no centroid can hold: like the single-machine
 * {@code KMeans}, they are set aside as their own group, label {@code k}.
 */
final class ActivationKMeans {
    /** Labels per unit (or channel), centroids (k x P, row-major), the cost of the finite profiles. */
    record Result(long[] labels, float[] centroids, int k, int probes, double cost, long finiteProfiles, int record)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Independent seedings of MLlib's k-means; the lowest cost wins (ties: the first). */
    static final int RESTARTS = 3;

    private ActivationKMeans() {
    }

    /** The probe count P when {@code t} is an activation tensor with a probe axis of P inputs, else 0. */
    static int probeAxis(TensorData t, int probes) {
        return t.kind().equals("ACTIVATION") && probes > 0 && t.recordShape().length > 1 && t.recordShape()[0] == probes
                ? probes : 0;
    }

    /** Units a profile belongs to: channels of a [P, C, H, W] convolution output, units otherwise. */
    static int groups(TensorData t) {
        int[] s = t.recordShape();
        return s.length == 4 ? s[1] : t.neurons() / s[0];
    }

    static JavaRDD<Tuple2<Integer, float[]>> profiles(JavaSparkContext sc, TensorData t, int record, int partitions) {
        int groups = groups(t);
        int per = Math.max(1, (groups + partitions - 1) / partitions);
        List<int[]> ranges = new ArrayList<>();
        for (int g = 0; g < groups; g += per) {
            ranges.add(new int[] {g, Math.min(groups, g + per)});
        }
        return sc.parallelize(ranges, Math.max(1, ranges.size())).flatMap(range -> readProfiles(t, record, range[0], range[1]).iterator());
    }

    private static List<Tuple2<Integer, float[]>> readProfiles(TensorData t, int record, int g0, int g1) throws IOException {
        int probes = t.recordShape()[0];
        int units = t.neurons() / probes;
        int positions = units / groups(t);
        int u0 = g0 * positions;
        int count = (g1 - g0) * positions;
        float[] values = new float[probes * count];
        FileSystem fs = TensorData.fileSystem(t.traceUri());
        try (TensorData.Chunk chunk = t.openChunk(fs, record / t.chunkRecords())) {
            for (int p = 0; p < probes; p++) {
                chunk.readRow(record % t.chunkRecords(), p * units + u0, count, values, p * count);
            }
        }
        NeuronActivations a = new NeuronActivations(values, probes, count, new int[0]);
        if (t.recordShape().length == 4) {
            a = a.perChannel(g1 - g0);
        }
        FloatMatrix m = NeuronFeatures.fullActivation(a);
        List<Tuple2<Integer, float[]>> out = new ArrayList<>(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            float[] row = new float[m.cols()];
            System.arraycopy(m.data(), i * m.cols(), row, 0, m.cols());
            out.add(new Tuple2<>(g0 + i, row));
        }
        return out;
    }

    static boolean finite(float[] row) {
        for (float v : row) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** k-means of the profiles of {@code t} at {@code record}. */
    static Result cluster(JavaSparkContext sc, TensorData t, int record, int k, int iterations, long seed, int partitions) {
        JavaRDD<Tuple2<Integer, float[]>> profiles = profiles(sc, t, record, partitions).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaRDD<Vector> points = profiles.filter(p -> finite(p._2())).map(p -> Vectors.dense(toDoubles(p._2())))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            long finite = points.count();
            int probes = t.recordShape()[0];
            int kk = (int) Math.min(k, finite);
            KMeansModel model = null;
            double cost = 0;
            // Lloyd finds a local minimum: several seedings, the lowest cost kept, as the single-machine KMeans does
            for (int restart = 0; kk > 0 && restart < RESTARTS; restart++) {
                KMeansModel fit = new KMeans().setK(kk).setMaxIterations(iterations).setSeed(seed + restart).setEpsilon(1e-6)
                        .setInitializationMode(KMeans.K_MEANS_PARALLEL()).run(points.rdd());
                double c = fit.computeCost(points.rdd());
                if (model == null || c < cost) {
                    model = fit;
                    cost = c;
                }
            }
            points.unpersist();
            int groups = groups(t);
            long[] labels = new long[groups];
            KMeansModel fitted = model;
            int nonFiniteLabel = kk;
            List<Tuple2<Integer, Integer>> assigned = profiles
                    .map(p -> new Tuple2<>(p._1(), fitted != null && finite(p._2()) ? fitted.predict(Vectors.dense(toDoubles(p._2())))
                            : nonFiniteLabel))
                    .collect();
            for (Tuple2<Integer, Integer> a : assigned) {
                labels[a._1()] = a._2();
            }
            float[] centroids = new float[kk * probes];
            for (int c = 0; c < kk; c++) {
                double[] v = model.clusterCenters()[c].toArray();
                for (int p = 0; p < probes; p++) {
                    centroids[c * probes + p] = (float) v[p];
                }
            }
            return new Result(labels, centroids, kk, probes, cost, finite, record);
        } finally {
            profiles.unpersist();
        }
    }

    static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
