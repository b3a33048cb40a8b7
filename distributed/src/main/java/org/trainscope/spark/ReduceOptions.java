package org.trainscope.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.trainscope.algorithms.sampling.SamplingParameters;

/**
 * The options of {@code trainscope-spark reduce}; all have defaults (see {@link #usage()}).
 *
 * @param sampleRate     fraction of each tensor's polylines kept (when sampleCount is 0)
 * @param sampleCount    polylines kept per tensor (0: use the rate)
 * @param seed           seed of the samplers and of k-means
 * @param segments       N_S of the polyline metric (docs/algorithms/blue-noise-polyline-sampling.md §1)
 * @param oversample     each partition keeps this many times its share of the sample for the merge
 * @param blockNeurons   neurons per partition (0: from the memory budget and the parallelism)
 * @param blockBytes     the memory budget of one partition's polylines when blockNeurons is 0
 * @param tensors        tensor ids to reduce (empty: all series tensors)
 * @param kmeansK        clusters of the activation profiles (0: no k-means)
 * @param kmeansIterations Lloyd iterations of MLlib's k-means at most
 * @param kmeansRecord   the record whose activations are clustered (-1: the last)
 * @param sketchSize     values kept per record for the percentiles (exact up to this many)
 */
record ReduceOptions(double sampleRate, int sampleCount, long seed, int segments, double oversample, int blockNeurons,
        long blockBytes, List<String> tensors, int kmeansK, int kmeansIterations, int kmeansRecord, int sketchSize)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    static ReduceOptions defaults() {
        return new ReduceOptions(0.01, 0, 1, 32, 2.0, 0, 64L << 20, List.of(), 8, 50, -1, 2048);
    }

    /** The single-machine sampler's parameters for these options. */
    SamplingParameters sampling(int count) {
        return SamplingParameters.builder().sampleCount(Math.max(1, count)).seed(seed).segmentCount(segments).build();
    }

    /**
     * Polylines a rate keeps at least: Training Dynamics' default sample. A tensor of up to this many
     * (a bias, a small layer) is kept whole, so the reduced run draws it as the original does; a rate
     * of 1 % kept one line of an 8-value bias.
     */
    static final int LEAST_KEPT_BY_RATE = SamplingParameters.DEFAULT_SAMPLE_COUNT;

    /** Polylines kept of a tensor of {@code polylines}: the count, or the rate's share but at least {@link #LEAST_KEPT_BY_RATE}. */
    int resolveSampleCount(int polylines) {
        SamplingParameters.Builder b = SamplingParameters.builder();
        if (sampleCount > 0) {
            return b.sampleCount(sampleCount).build().resolveSampleCount(polylines);
        }
        int byRate = b.sampleRate(sampleRate).build().resolveSampleCount(polylines);
        return Math.max(byRate, Math.min(polylines, LEAST_KEPT_BY_RATE));
    }

    /** For the provenance in the reduced trace's manifest. */
    Map<String, Object> asMap() {
        Map<String, Object> m = new TreeMap<>();
        m.put("sampleRate", sampleRate);
        m.put("sampleCount", (long) sampleCount);
        m.put("seed", seed);
        m.put("segments", (long) segments);
        m.put("oversample", oversample);
        m.put("blockNeurons", (long) blockNeurons);
        m.put("blockBytes", blockBytes);
        m.put("tensors", new ArrayList<Object>(tensors));
        m.put("kmeansK", (long) kmeansK);
        m.put("kmeansIterations", (long) kmeansIterations);
        m.put("kmeansRecord", (long) kmeansRecord);
        m.put("sketchSize", (long) sketchSize);
        return m;
    }

    static String usage() {
        return String.join("\n",
                "usage: trainscope-spark reduce IN OUT [options]",
                "  IN, OUT: trace folders as Hadoop file system URIs or paths (file:, hdfs:, s3a:); OUT must not exist or be empty",
                "  --rate R            fraction of each tensor's polylines kept by blue-noise sampling, at least 300"
                        + " (default 0.01)",
                "  --count N           polylines kept per tensor instead of a rate",
                "  --seed S            seed of the samplers and of k-means (default 1)",
                "  --segments S        segments of the polyline metric (default 32)",
                "  --oversample F      each partition keeps F times its share before the merge pass (default 2)",
                "  --block-neurons N   neurons per partition (default: 64 MiB of polylines, at least 2 partitions per core)",
                "  --tensors A,B       tensor ids to reduce (default: all series tensors)",
                "  --k K               k-means clusters of activation profiles, 0 for none (default 8)",
                "  --kmeans-iterations N  (default 50)",
                "  --kmeans-record R   record whose activations are clustered (default: the last)",
                "  --sketch N          values kept per record for percentiles; exact up to N (default 2048)",
                "  --master URL        Spark master when not given by spark-submit (the launcher passes local[*])");
    }

    /** Parses the options after IN and OUT; the {@code --master} value goes to {@code master[0]}. */
    static ReduceOptions parse(List<String> args, String[] master) {
        ReduceOptions o = defaults();
        double rate = o.sampleRate;
        int count = o.sampleCount;
        long seed = o.seed;
        int segments = o.segments;
        double oversample = o.oversample;
        int block = o.blockNeurons;
        List<String> tensors = o.tensors;
        int k = o.kmeansK;
        int iterations = o.kmeansIterations;
        int record = o.kmeansRecord;
        int sketch = o.sketchSize;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException(a.startsWith("--") ? a + " needs a value" : "unexpected argument " + a);
            }
            String v = args.get(++i);
            try {
                switch (a) {
                    case "--rate" -> {
                        rate = Double.parseDouble(v);
                        count = 0;
                        if (!(rate > 0 && rate <= 1)) {
                            throw new IllegalArgumentException("--rate must be in (0, 1]: " + v);
                        }
                    }
                    case "--count" -> count = positive(a, v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--segments" -> segments = Integer.parseInt(v);
                    case "--oversample" -> {
                        oversample = Double.parseDouble(v);
                        if (!(oversample >= 1 && oversample <= 100)) {
                            throw new IllegalArgumentException("--oversample must be in [1, 100]: " + v);
                        }
                    }
                    case "--block-neurons" -> block = positive(a, v);
                    case "--tensors" -> tensors = List.of(v.split(","));
                    case "--k" -> k = Integer.parseInt(v);
                    case "--kmeans-iterations" -> iterations = positive(a, v);
                    case "--kmeans-record" -> record = Integer.parseInt(v);
                    case "--sketch" -> sketch = positive(a, v);
                    case "--master" -> master[0] = v;
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(a + ": not a number: " + v);
            }
        }
        if (k < 0) {
            throw new IllegalArgumentException("--k must be >= 0");
        }
        return new ReduceOptions(rate, count, seed, segments, oversample, block, o.blockBytes, tensors, k, iterations, record,
                sketch);
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n < 1) {
            throw new IllegalArgumentException(option + " must be >= 1: " + v);
        }
        return n;
    }
}
