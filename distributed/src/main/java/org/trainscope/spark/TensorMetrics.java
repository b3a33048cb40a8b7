package org.trainscope.spark;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.trainscope.algorithms.sampling.PolylineMetric;
import org.trainscope.algorithms.sampling.PolylineSource;
import org.trainscope.algorithms.sampling.SamplingParameters;

import scala.Tuple2;

/**
 * The tensor's polyline metric, estimated exactly as the single-machine sampler estimates it
 * ({@code PolylineMetric.estimateForSampling}: a seeded subsample of 1,024 polylines of the whole
 * tensor, read one by one or, above the candidate limit, in 32 runs of consecutive ones), so
 * that every partition and the merge pass measure the distances the single-machine sampler measures.
 * The estimate is run twice: once over a source that only notes which polylines it asks for, then,
 * after Spark tasks have read those polylines (one positional read per record each), over them.
 */
final class TensorMetrics {
    private TensorMetrics() {
    }

    /** The metric of each tensor, with one Spark job that reads the subsampled polylines of all of them. */
    static List<PolylineMetric> estimate(JavaSparkContext sc, List<TensorData> tensors, List<SamplingParameters> parameters) {
        List<Tuple2<Integer, Integer>> wanted = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            TensorData t = tensors.get(i);
            TreeSet<Integer> asked = new TreeSet<>();
            PolylineMetric.estimateForSampling(new Rows(t.neurons(), t.records(), null, asked), parameters.get(i));
            for (int neuron : asked) {
                wanted.add(new Tuple2<>(i, neuron));
            }
        }
        int slices = Math.max(1, Math.min(wanted.size() / 64, 4 * sc.defaultParallelism()));
        List<Map<Integer, float[]>> rows = new ArrayList<>();
        tensors.forEach(t -> rows.add(new HashMap<>()));
        for (Tuple2<Tuple2<Integer, Integer>, float[]> r : sc.parallelize(wanted, slices)
                .mapPartitions(it -> read(tensors, it).iterator()).collect()) {
            rows.get(r._1()._1()).put(r._1()._2(), r._2());
        }
        List<PolylineMetric> out = new ArrayList<>();
        for (int i = 0; i < tensors.size(); i++) {
            TensorData t = tensors.get(i);
            out.add(PolylineMetric.estimateForSampling(new Rows(t.neurons(), t.records(), rows.get(i), null), parameters.get(i)));
        }
        return out;
    }

    /** Reads the polylines (tensor, neuron) of one Spark partition, tensor by tensor and chunk by chunk. */
    private static List<Tuple2<Tuple2<Integer, Integer>, float[]>> read(List<TensorData> tensors,
            java.util.Iterator<Tuple2<Integer, Integer>> wanted) throws IOException {
        Map<Integer, List<Integer>> byTensor = new java.util.TreeMap<>();
        wanted.forEachRemaining(w -> byTensor.computeIfAbsent(w._1(), k -> new ArrayList<>()).add(w._2()));
        List<Tuple2<Tuple2<Integer, Integer>, float[]>> result = new ArrayList<>();
        float[] one = new float[1];
        for (Map.Entry<Integer, List<Integer>> e : byTensor.entrySet()) {
            TensorData t = tensors.get(e.getKey());
            List<Integer> list = e.getValue();
            float[][] out = new float[list.size()][t.records()];
            FileSystem fs = TensorData.fileSystem(t.traceUri());
            for (int c = 0; c < t.chunkCount(); c++) {
                try (TensorData.Chunk chunk = t.openChunk(fs, c)) {
                    for (int i = 0; i < t.recordsIn(c); i++) {
                        for (int k = 0; k < list.size(); k++) {
                            chunk.readRow(i, list.get(k), 1, one, 0);
                            out[k][c * t.chunkRecords() + i] = one[0];
                        }
                    }
                }
            }
            for (int k = 0; k < list.size(); k++) {
                result.add(new Tuple2<>(new Tuple2<>(e.getKey(), list.get(k)), out[k]));
            }
        }
        return result;
    }

    /** Polylines from a map (or, without one, zeros while noting which were asked for). */
    private record Rows(int polylineCount, int length, Map<Integer, float[]> rows, TreeSet<Integer> asked) implements PolylineSource {
        @Override
        public void read(int first, int count, float[] out) {
            for (int i = 0; i < count; i++) {
                if (asked != null) {
                    asked.add(first + i);
                    Arrays.fill(out, i * length, (i + 1) * length, 0f);
                } else {
                    float[] row = rows.get(first + i);
                    if (row == null) {
                        throw new IllegalStateException("polyline " + (first + i) + " was not read ahead");
                    }
                    System.arraycopy(row, 0, out, i * length, length);
                }
            }
        }
    }
}
