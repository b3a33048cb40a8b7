package org.trainscope.benchmarks.sampling;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.adapters.trace.TraceRun;
import org.trainscope.algorithms.sampling.BlueNoisePolylineSampler;
import org.trainscope.algorithms.sampling.PassSharingSampler;
import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.TensorSeriesPolylines;
import org.trainscope.algorithms.sampling.summary.PassRider;
import org.trainscope.algorithms.sampling.summary.TensorSummaries;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.trace.RecordTileVisitor;

/**
 * Issue 16's first open with blue noise above its candidate limit, on a big trace written by
 * {@code make_big_trace.py}: the tensor's summary and the sample (300 polylines, seed 42, the
 * sampler's default limits) made as two passes (the summary's, then blue noise's own candidate pass)
 * and as one (blue noise's candidates riding on the summary's pass, as the Training Dynamics provider
 * does), alternated in one JVM, each as a ratio to the faster of the sequential reads made between
 * them. Both ways give the same sample (checked). Up to the candidate limit (1 M polylines) blue noise
 * runs exactly and reads the tensor itself: the "one pass" is then the summary's pass and the exact
 * sampler's own reads, as the product does. Arguments: {@code --trace DIR [--tensor fc1.act]
 * [--rounds K]}.
 */
public final class FirstOpenBenchmark {
    private FirstOpenBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path trace = null;
        String tensorId = "fc1.act";
        int rounds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--trace" -> trace = Path.of(args[++i]);
                case "--tensor" -> tensorId = args[++i];
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (trace == null) {
            throw new IllegalArgumentException("--trace DIR");
        }
        try (TraceRun run = TraceRun.open(trace)) {
            String wanted = tensorId;
            TensorSeries series = run.tensor(tensorId)
                    .orElseThrow(() -> new IllegalArgumentException("no tensor " + wanted));
            int n = series.neuronCount();
            int records = series.iterationCount();
            System.out.printf("%s: %,d neurons x %d records (%.2f GB), cores %d, max heap %d MB%n", trace, n, records,
                    4.0 * n * records / 1e9, Runtime.getRuntime().availableProcessors(),
                    Runtime.getRuntime().maxMemory() >> 20);
            SamplingParameters parameters = SamplingParameters.builder().sampleCount(300).seed(42).build();
            BlueNoisePolylineSampler blueNoise = new BlueNoisePolylineSampler();
            double bestRead = Double.MAX_VALUE;
            int[] reference = null;
            for (int round = 1; round <= rounds; round++) {
                double read = SummaryBenchmark.time(() -> SummaryBenchmark.sequentialRead(series));
                bestRead = Math.min(bestRead, read);
                SamplingResult[] sample = new SamplingResult[1];
                double readCores = SummaryBenchmark.lastCores;
                double summary = SummaryBenchmark.time(() -> TensorSummaries.compute(series, null));
                double summaryCores = SummaryBenchmark.lastCores;
                double alone = SummaryBenchmark.time(() -> sample[0] = blueNoise
                        .sample(new TensorSeriesPolylines(series, 0, records), parameters, null));
                double aloneCores = SummaryBenchmark.lastCores;
                int[] separate = sample[0].selectionOrder();
                TensorSummaries.clearMemory();
                double[] finish = new double[1];
                double shared = SummaryBenchmark.time(() -> {
                    sample[0] = null;
                    TensorSummaries.get(null, null, series, null, rider(blueNoise, series, parameters, sample, finish),
                            null);
                    if (sample[0] == null) { // within the candidate limit: the exact sampler reads for itself
                        long t0 = System.nanoTime();
                        sample[0] = blueNoise.sample(new TensorSeriesPolylines(series, 0, records), parameters, null);
                        finish[0] = (System.nanoTime() - t0) / 1e9;
                    }
                });
                double sharedCores = SummaryBenchmark.lastCores;
                TensorSummaries.clearMemory();
                if (!java.util.Arrays.equals(separate, sample[0].selectionOrder())) {
                    throw new IllegalStateException("the shared pass gave another sample");
                }
                if (reference != null && !java.util.Arrays.equals(reference, separate)) {
                    throw new IllegalStateException("the sample changed between rounds");
                }
                reference = separate;
                double read2 = SummaryBenchmark.time(() -> SummaryBenchmark.sequentialRead(series));
                bestRead = Math.min(bestRead, read2);
                System.out.printf("round %d: reads %.2f s, %.2f s; two passes %.2f s (summary %.2f + blue noise %.2f);"
                        + " one pass %.2f s (of which the sampler after the pass %.2f)%n", round, read, read2,
                        summary + alone, summary, alone, shared, finish[0]);
                System.out.printf("         as ratios to the faster read of the round: two passes %.2fx, one pass %.2fx%n",
                        (summary + alone) / Math.min(read, read2), shared / Math.min(read, read2));
                System.out.printf("         cores busy on average: read %.2f, summary %.2f, blue noise %.2f, one pass %.2f%n",
                        readCores, summaryCores, aloneCores, sharedCores);
            }
            System.out.printf("fastest read of all rounds %.2f s; the sample's selection order hashes to %08x%n",
                    bestRead, java.util.Arrays.hashCode(reference));
        }
    }

    /** Blue noise's candidates on the summary's pass; once the pass has arrived, the sample from them. */
    private static PassRider rider(BlueNoisePolylineSampler blueNoise, TensorSeries series,
            SamplingParameters parameters, SamplingResult[] sample, double[] finish) {
        PassSharingSampler.SamplingInPass[] sampling = new PassSharingSampler.SamplingInPass[1];
        return new PassRider() {
            @Override
            public Optional<RecordTileVisitor> board(IProgressMonitor cancellation) {
                sampling[0] = blueNoise.inPass(new TensorSeriesPolylines(series, 0, series.iterationCount()), parameters,
                        cancellation).orElse(null);
                return Optional.ofNullable(sampling[0]);
            }

            @Override
            public void arrived() {
                long t0 = System.nanoTime();
                sample[0] = sampling[0].finish(null);
                finish[0] = (System.nanoTime() - t0) / 1e9;
            }
        };
    }
}
