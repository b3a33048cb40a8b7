package org.trainscope.recorders.dl4j.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.trainscope.recorders.dl4j.OnAnomaly;
import org.trainscope.recorders.dl4j.RecordedKind;
import org.trainscope.recorders.dl4j.RecordingConfig;
import org.trainscope.recorders.dl4j.TraceRecordingListener;

/**
 * Trains and records the demo runs on Fashion-MNIST, deterministically from a seed (same seed, same
 * trace values). Plain API for a CLI command or a progress dialog:
 *
 * <pre>{@code
 * DemoResult r = DemoRuns.record(DemoKind.CNN, outDir, 42, monitor);   // trace in outDir/cnn
 * }</pre>
 *
 * Every run stops cleanly: the VAE that fails is stopped by the recorder a few iterations after its
 * score turns infinite ({@link OnAnomaly#FLAG}, checked by the training loop here), and a cancelled
 * monitor closes the trace before {@link OperationCanceledException} is thrown.
 */
public final class DemoRuns {
    /** System property overriding where the Fashion-MNIST IDX files are. */
    public static final String DATA_PROPERTY = "trainscope.fashionMnist";
    /** Name of the test-accuracy metric of the classifiers. */
    public static final String TEST_ACCURACY = "testAccuracy";

    private DemoRuns() {
    }

    /** The data directory: the system property {@value #DATA_PROPERTY} or Debian's location. */
    public static Path dataDirectory() {
        String configured = System.getProperty(DATA_PROPERTY);
        return configured == null || configured.isBlank() ? FashionMnist.DEBIAN_DIRECTORY : Path.of(configured);
    }

    /** Records {@code kind} with the default size into {@code outDir/<kind.directoryName()>}. */
    public static DemoResult record(DemoKind kind, Path outDir, long seed, IProgressMonitor monitor) throws IOException {
        return record(kind, outDir, seed, DemoSize.defaults(), dataDirectory(), monitor);
    }

    /**
     * Records {@code kind} into {@code outDir/<kind.directoryName()>}, which must not exist yet or be
     * empty.
     *
     * @throws IOException                if the data cannot be read (the message names the file) or
     *                                    the trace cannot be created
     * @throws OperationCanceledException if the monitor was cancelled (the trace is closed)
     */
    public static DemoResult record(DemoKind kind, Path outDir, long seed, DemoSize size, Path dataDirectory,
            IProgressMonitor monitor) throws IOException {
        FashionMnist data = FashionMnist.load(dataDirectory);
        Path trace = outDir.resolve(kind.directoryName());
        if (Files.isDirectory(trace)) {
            try (Stream<Path> entries = Files.list(trace)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(trace + ": not empty; a demo run needs a new or empty directory");
                }
            }
        }
        Files.createDirectories(outDir);
        long start = System.nanoTime();
        Nd4j.getRandom().setSeed(seed); // the VAE samples its latent noise from ND4J's generator
        if (kind.isGan()) {
            return recordGan(kind, data, trace, seed, size, monitor, start);
        }
        MultiLayerNetwork net = DemoNetworks.create(kind, seed);
        Batches batches = new Batches(data.train(), size.trainSamples(), size.batchSize(), seed);
        int total = batches.batchesPerEpoch() * size.epochs();
        DataSet probe = probe(data.test(), size.probeSize(), kind.isVae());
        DataSet test = kind.isVae() ? null : Batches.firstOf(data.test(), size.testSamples(), false);

        List<String> warnings = new ArrayList<>();
        TraceRecordingListener recorder = new TraceRecordingListener(trace, probe.getFeatures(),
                kind.isVae() ? probeLabels(probe, data.test(), size.probeSize()) : probe.getLabels(),
                recordingConfig(kind, seed, size));
        recorder.setWarningHandler(warnings::add);
        recorder.setBatchIndexSource(batches::lastIndices);
        recorder.setBatchLabelSource(batches::lastLabels);
        double[] lastAccuracy = {Double.NaN};
        if (test != null) {
            IntPredicate due = i -> (i + 1) % 50 == 0 || i == total - 1;
            recorder.addEvaluatedMetric(TEST_ACCURACY, due, m -> lastAccuracy[0] = accuracy((MultiLayerNetwork) m, test));
        }
        net.setListeners(recorder);

        SubMonitor progress = SubMonitor.convert(monitor == null ? new NullProgressMonitor() : monitor, kind.label(), total);
        int iterations = 0;
        try {
            training:
            for (int epoch = 0; epoch < size.epochs(); epoch++) {
                if (epoch > 0) {
                    batches.startEpoch();
                }
                while (batches.hasNext()) {
                    if (progress.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    DataSet batch = batches.next(kind.isVae());
                    if (kind.isVae()) {
                        net.pretrainLayer(0, batch.getFeatures());
                    } else {
                        net.fit(batch);
                    }
                    iterations++;
                    progress.worked(1);
                    if (recorder.shouldStop()) {
                        break training;
                    }
                }
            }
        } finally {
            recorder.close();
        }
        double accuracy = test == null ? Double.NaN
                : Double.isNaN(lastAccuracy[0]) || iterations != total ? accuracy(net, test) : lastAccuracy[0];
        return new DemoResult(kind, trace, iterations, Duration.ofNanos(System.nanoTime() - start), accuracy,
                recorder.anomaly(), bytesOf(trace), List.copyOf(warnings));
    }

    /**
     * A GAN demo: per iteration the discriminator trains on a batch of real images and as many
     * generated ones, then the generator on a fresh noise batch; one trace records both networks
     * (TraceRecordingListener#recordGan), the probe is a fixed batch of noise.
     */
    private static DemoResult recordGan(DemoKind kind, FashionMnist data, Path trace, long seed, DemoSize size,
            IProgressMonitor monitor, long start) {
        GanDemo gan = new GanDemo(kind, seed);
        Batches batches = new Batches(data.train(), size.trainSamples(), size.batchSize(), seed);
        int total = batches.batchesPerEpoch() * size.epochs();
        INDArray probeNoise = GanDemo.noise(size.probeSize());
        List<String> warnings = new ArrayList<>();
        TraceRecordingListener recorder = new TraceRecordingListener(trace, probeNoise, null, recordingConfig(kind, seed, size));
        recorder.setWarningHandler(warnings::add);
        recorder.setBatchIndexSource(batches::lastIndices);
        recorder.recordGan(gan.gan(), gan.discriminator(), GanDemo.GENERATOR_LAYERS, "normal");
        gan.gan().setListeners(recorder);
        gan.discriminator().setListeners(recorder);
        SubMonitor progress = SubMonitor.convert(monitor == null ? new NullProgressMonitor() : monitor, kind.label(), total);
        int iterations = 0;
        try {
            training:
            for (int epoch = 0; epoch < size.epochs(); epoch++) {
                if (epoch > 0) {
                    batches.startEpoch();
                }
                while (batches.hasNext()) {
                    if (progress.isCanceled()) {
                        throw new OperationCanceledException();
                    }
                    INDArray real = batches.next(true).getFeatures();
                    gan.step(real, GanDemo.noise((int) real.size(0)), GanDemo.noise((int) real.size(0)));
                    iterations++;
                    progress.worked(1);
                    if (recorder.shouldStop()) {
                        break training;
                    }
                }
            }
        } finally {
            recorder.close();
        }
        return new DemoResult(kind, trace, iterations, Duration.ofNanos(System.nanoTime() - start), Double.NaN,
                recorder.anomaly(), bytesOf(trace), List.copyOf(warnings));
    }

    /** Records every demo kind into {@code outDir}, one after the other. */
    public static List<DemoResult> recordAll(Path outDir, long seed, DemoSize size, Path dataDirectory, IProgressMonitor monitor)
            throws IOException {
        DemoKind[] kinds = DemoKind.values();
        SubMonitor progress = SubMonitor.convert(monitor == null ? new NullProgressMonitor() : monitor, "Recording demo runs", kinds.length);
        List<DemoResult> results = new ArrayList<>();
        for (DemoKind kind : kinds) {
            results.add(record(kind, outDir, seed, size, dataDirectory, progress.split(1)));
        }
        return results;
    }

    /** The untrained network of a demo (for benchmarks and for training it yourself). */
    public static MultiLayerNetwork network(DemoKind kind, long seed) {
        return DemoNetworks.create(kind, seed);
    }

    /**
     * What each demo records. Scores and batch indices every iteration; tensors at an interval
     * that keeps traces at tens of MB; the VAEs, with 0.6 M parameters, less often. The unstable
     * VAE reacts only to a non-finite score, so that the failure itself lands in the dense window.
     */
    public static RecordingConfig recordingConfig(DemoKind kind, long seed, DemoSize size) {
        RecordingConfig.Builder b = RecordingConfig.builder()
                .name(kind.label())
                .onAnomaly(OnAnomaly.FLAG)
                .batchSize(size.batchSize())
                .attribute("dataset", "fashion-mnist")
                .attribute("batchIndicesReferTo", "train-images-idx3-ubyte.gz (0-based image index)")
                .attribute("probeFrom", "t10k-images-idx3-ubyte.gz")
                .attribute("demo", kind.name().toLowerCase(Locale.ROOT))
                .attribute("seed", seed)
                .attribute("trainSamples", (long) size.trainSamples())
                .attribute("batchSize", (long) size.batchSize())
                .attribute("epochs", (long) size.epochs());
        switch (kind) {
            // a discriminator loss can rise tenfold in a healthy GAN: only a non-finite loss is an anomaly
            case GAN -> b.tensorsEvery(10).lossJumpFactor(0).recordBatchInputs(false);
            case GAN_UNSTABLE -> b.tensorsEvery(1).lossJumpFactor(0).denseIterations(3).recordBatchInputs(false);
            case VAE_UNSTABLE -> b.tensorsEvery(8).every(RecordedKind.ACTIVATIONS, 4).lossJumpFactor(0).denseIterations(4);
            case VAE_FIXED -> b.tensorsEvery(50).every(RecordedKind.ACTIVATIONS, 10);
            default -> b.tensorsEvery(10).metric(TEST_ACCURACY);
        }
        if (kind.isVae()) {
            b.modelType("vae");
        }
        if (kind.isGan()) {
            b.attribute("batchIndicesReferTo", "train-images-idx3-ubyte.gz (0-based image index): the real images the discriminator saw")
                    .attribute("probeFrom", "a fixed batch of standard normal noise (the generator's input)");
        }
        return b.build();
    }

    /** A probe of test images with the classes as evenly represented as the size allows. */
    private static DataSet probe(FashionMnist.Split test, int size, boolean autoencoder) {
        return Batches.dataSet(test, probeIndices(test, size), autoencoder);
    }

    private static long[] probeIndices(FashionMnist.Split test, int size) {
        int perClass = (size + 9) / 10;
        int[] taken = new int[10];
        long[] indices = new long[Math.min(size, test.size())];
        int n = 0;
        for (int i = 0; i < test.size() && n < indices.length; i++) {
            if (taken[test.label(i)]++ < perClass) {
                indices[n++] = i;
            }
        }
        return java.util.Arrays.copyOf(indices, n);
    }

    /** The VAE's probe labels are the class indices, so a viewer can colour the latent space. */
    private static INDArray probeLabels(DataSet probe, FashionMnist.Split test, int size) {
        long[] indices = probeIndices(test, size);
        float[] labels = new float[indices.length * 10];
        for (int i = 0; i < indices.length; i++) {
            labels[i * 10 + test.label((int) indices[i])] = 1f;
        }
        return Nd4j.create(labels, new long[] {indices.length, 10}, 'c');
    }

    /** Fraction of {@code test} classified correctly, in chunks to bound memory. */
    static double accuracy(MultiLayerNetwork net, DataSet test) {
        int n = test.numExamples();
        long correct = 0;
        for (int from = 0; from < n; from += 500) {
            int to = Math.min(n, from + 500);
            INDArray out = net.output(test.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()), false);
            INDArray predicted = out.argMax(1);
            INDArray actual = test.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).argMax(1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).sumNumber().longValue();
        }
        return (double) correct / n;
    }

    static long bytesOf(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }

    /**
     * Records all demos: {@code DemoRuns <outDir> [seed] [trainSamples]}. Prints one line per run
     * (kind, iterations, seconds, test accuracy, anomaly, trace MB).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: DemoRuns <outDir> [seed] [trainSamples] [kind...]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42L;
        DemoSize d = DemoSize.defaults();
        DemoSize size = args.length > 2 ? new DemoSize(Integer.parseInt(args[2]), d.testSamples(), d.batchSize(), d.probeSize(), d.epochs()) : d;
        List<DemoKind> kinds = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            kinds.add(DemoKind.valueOf(args[i].toUpperCase(Locale.ROOT).replace('-', '_')));
        }
        if (kinds.isEmpty()) {
            kinds.addAll(List.of(DemoKind.values()));
        }
        for (DemoKind kind : kinds) {
            DemoResult r = record(kind, out, seed, size, dataDirectory(), new NullProgressMonitor());
            System.out.printf(Locale.ROOT, "%-14s iterations %4d  %6.1f s  accuracy %s  anomaly %s  trace %.1f MB%n",
                    kind.directoryName(), r.iterations(), r.duration().toMillis() / 1000.0,
                    Double.isNaN(r.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.4f", r.testAccuracy()),
                    r.anomaly().map(a -> "at " + a.iteration() + " (" + a.reason() + ")").orElse("none"),
                    r.traceBytes() / 1e6);
        }
    }
}
