package org.trainscope.recorders.dl4j;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.variational.VariationalAutoencoder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.solvers.BaseOptimizer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.BatchInfo;
import org.trainscope.trace.BatchInputsInfo;
import org.trainscope.trace.DType;
import org.trainscope.trace.GraphNode;
import org.trainscope.trace.MetricInfo;
import org.trainscope.trace.TraceGraph;
import org.trainscope.trace.TraceNodeKind;
import org.trainscope.trace.ProbeInfo;
import org.trainscope.trace.TensorInfo;
import org.trainscope.trace.TraceTensorKind;
import org.trainscope.trace.TraceManifest;

/**
 * A DL4J {@code TrainingListener} that records a training run into TrainScope traces
 * ({@code docs/trace-format.md}) while it runs: the network graph, the score ("loss") and the
 * learning rate ("lr") of every iteration, weights, biases, raw gradients and updates of every parameter, the activations of
 * every layer for a fixed probe batch, and the sample indices of every batch.
 *
 * <pre>{@code
 * TraceRecordingListener rec = new TraceRecordingListener(dir, probeX, probeY, RecordingConfig.defaults());
 * rec.setBatchIndexSource(iterator::lastBatchIndices);
 * net.addListeners(rec);
 * try { net.fit(iterator); } catch (TrainingAnomalyException stopped) { ... } finally { rec.close(); }
 * }</pre>
 *
 * <p><b>What a record holds.</b> Everything in the record of iteration i describes the state that
 * produced its score: weights are the parameters before the step, activations come from a probe
 * forward pass with those parameters, gradients are DL4J's raw gradients as
 * {@code onGradientCalculation} sees them (summed over the batch, before the updater divides by
 * the batch size, clips and applies its rule), and the update is parameters after the step minus
 * before. The probe forward is the dominant cost of recording; tune
 * {@link RecordedKind#ACTIVATIONS} accordingly.
 *
 * <p><b>Where the first NaN starts.</b> At every iteration the listener counts the NaN/Inf values of
 * every layer's output in the training forward and of every layer's parameter gradients (see
 * {@link NonFiniteWatch}) and writes the counts and the {@code firstNonFinite} note of trace format
 * §7.1.
 *
 * <p><b>Models.</b> {@code MultiLayerNetwork} and {@code ComputationGraph} (dense, convolution,
 * pooling, batch norm, dropout, activation and output layers; other graph vertices as generic
 * operators; probe activations for single-input graphs) and a {@code VariationalAutoencoder} layer trained with
 * {@code pretrainLayer} (DL4J hands the layer itself to the listener). Another model gets a trace
 * with scores and batch indices only, and one warning.
 *
 * <p><b>Faults.</b> The listener never ends or slows the training because of its own problems: an
 * unwritable directory, a full disk or a tensor that cannot be recorded each give one warning
 * (java.util.logging and {@link #setWarningHandler}) and the listener skips that tensor or turns
 * itself off. The only exception it throws on purpose is {@link TrainingAnomalyException}
 * ({@link OnAnomaly#THROW}).
 */
public final class TraceRecordingListener extends BaseTrainingListener implements AutoCloseable {
    /** The DL4J version the recorder is built and tested against (written to the manifest). */
    public static final String DL4J_VERSION = "1.0.0-M2.1";
    /** Name of the metric carrying DL4J's score. */
    public static final String LOSS = "loss";
    /** Name of the metric carrying the updater's learning rate (when it has one). */
    public static final String LEARNING_RATE = "lr";

    private final Path directory;
    private final INDArray probeInputs;
    private final INDArray probeLabels;
    private final RecordingConfig config;
    private final RecorderWarnings warnings = new RecorderWarnings();
    private final AnomalyDetector detector;
    private final List<EvaluatedMetric> evaluatedMetrics = new ArrayList<>();
    private TraceSink.Opener opener = TraceSink.Opener.TRACE_WRITER;
    private Supplier<long[]> batchIndexSource;
    private Supplier<long[]> batchLabelSource;

    private boolean setUp;
    private boolean enabled = true;
    private boolean closed;
    private ModelLayout layout;
    private List<TensorPlan> plans = List.of();
    private List<RecordingGroup> groups = List.of();
    private int batchSize;
    /** §4.8 declaration for the traces that hold weights, or null when batch inputs are not recorded. */
    private BatchInputsInfo batchInputsInfo;
    private org.nd4j.linalg.learning.config.IUpdater updater;
    private PendingRecord pending;
    private int denseLeft;
    private boolean armed = true;
    private volatile Anomaly anomaly;
    private volatile boolean stopRequested;
    /** NaN/Inf counts per node (§7.1); null for a model the recorder does not know. */
    private NonFiniteWatch watch;
    /** Non-finite counts of layer outputs from onForwardPass (index i: layer i), not yet given to the watch. */
    private long[] forwardCountsOfLayers;
    /** The same for a ComputationGraph, by vertex name. */
    private Map<String, Long> forwardCountsOfVertices;
    private long forwardCountsIteration = -1;
    /** A GAN's discriminator network when this listener records a GAN (see {@link #recordGan}), else null. */
    private MultiLayerNetwork discriminator;
    private MultiLayerNetwork ganNetwork;
    /** The discriminator's updater (its learning rate is metric "lr.discriminator"). */
    private org.nd4j.linalg.learning.config.IUpdater discriminatorUpdater;
    private int generatorLayers;
    private String noiseDistribution;

    private record EvaluatedMetric(String name, IntPredicate due, ToDoubleFunction<Model> evaluate) {
    }

    /**
     * @param directory   the run's trace directory (must not exist or be empty); coarser intervals
     *                    go to {@code every-N/} inside it
     * @param probeInputs the fixed probe batch whose activations are recorded, or null for none
     * @param probeLabels its labels (one-hot rows are stored as class indices), or null
     */
    public TraceRecordingListener(Path directory, INDArray probeInputs, INDArray probeLabels, RecordingConfig config) {
        this.directory = directory;
        this.probeInputs = probeInputs == null ? null : probeInputs.dup();
        this.probeLabels = probeLabels == null ? null : probeLabels.dup();
        this.config = config == null ? RecordingConfig.defaults() : config;
        this.detector = new AnomalyDetector(this.config.lossJumpFactor(), this.config.jumpWindow());
    }

    // ------------------------------------------------------------------ configuration

    /** Also sends every warning to {@code handler} (besides java.util.logging). */
    public void setWarningHandler(Consumer<String> handler) {
        warnings.setCallback(handler);
    }

    /**
     * Where the sample indices of the batch being trained come from; asked once per iteration, in
     * {@code onGradientCalculation}. Without it no batch indices are recorded. With
     * {@code fit(DataSetIterator)}, let the iterator's {@code asyncSupported()} return false:
     * DL4J otherwise prefetches batches on another thread and "the last batch made" runs ahead of
     * the batch being trained.
     */
    public void setBatchIndexSource(Supplier<long[]> source) {
        this.batchIndexSource = source;
    }

    /**
     * Where the class labels of the batch being trained come from when the model does not show
     * them (an autoencoder trained with {@code pretrainLayer} has no labels, yet its images have
     * classes); asked like {@link #setBatchIndexSource}. They are recorded with the batch's inputs
     * (trace format §4.8).
     */
    public void setBatchLabelSource(Supplier<long[]> source) {
        this.batchLabelSource = source;
    }

    /**
     * Declares a metric computed by the listener after the step of every iteration {@code due}
     * accepts (for example the test accuracy every 100 iterations and at the last one). Those
     * iterations are recorded even when no interval asks for them. Call before training starts.
     */
    public synchronized void addEvaluatedMetric(String name, IntPredicate due, ToDoubleFunction<Model> evaluate) {
        if (setUp) {
            throw new IllegalStateException("add evaluated metrics before training starts");
        }
        evaluatedMetrics.add(new EvaluatedMetric(name, due, evaluate));
    }

    /**
     * Records one training step of a GAN's two networks and two optimizers into one trace, as the
     * PyTorch recorder's {@code GanPair} does. Attach this listener to both networks:
     * {@code gan} (the generator's layers, then the discriminator's layers with a no-op updater,
     * trained to make the discriminator say "real"; its probe inputs are a fixed noise batch) and
     * {@code discriminator} (the same discriminator layers with their own updater, whose parameters
     * are views of {@code gan}'s, see {@code MultiLayerNetwork.init(params, false)}). Every
     * iteration fits the discriminator first, then {@code gan}. A record then holds the weights of
     * both before either step, the gradients each optimizer used, the updates of both steps, the
     * discriminator's score as "loss" and {@code gan}'s as {@value #GENERATOR_LOSS}.
     *
     * @param noise the distribution of the latent input: "normal" or "uniform"
     */
    public synchronized void recordGan(MultiLayerNetwork gan, MultiLayerNetwork discriminator, int generatorLayers, String noise) {
        if (setUp) {
            throw new IllegalStateException("declare the GAN before training starts");
        }
        if (generatorLayers < 1 || generatorLayers >= gan.getnLayers()) {
            throw new IllegalArgumentException("the GAN network has " + gan.getnLayers() + " layers; "
                    + generatorLayers + " cannot be the generator's");
        }
        this.ganNetwork = gan;
        this.discriminator = discriminator;
        this.generatorLayers = generatorLayers;
        this.noiseDistribution = noise;
    }

    /** Name of the metric carrying the generator's score when recording a GAN (as the PyTorch recorder). */
    public static final String GENERATOR_LOSS = "generatorLoss";

    /** The discriminator's parameter key in the GAN network ("0_W" of the discriminator is "3_W" after 3 generator layers). */
    private String ganKeyOf(String discriminatorKey) {
        int cut = discriminatorKey.indexOf('_');
        return (Integer.parseInt(discriminatorKey.substring(0, cut)) + generatorLayers) + discriminatorKey.substring(cut);
    }

    private boolean isDiscriminatorKey(String ganKey) {
        return Integer.parseInt(ganKey.substring(0, ganKey.indexOf('_'))) >= generatorLayers;
    }

    /** The discriminator's gradient under the GAN network's parameter keys. */
    private Gradient discriminatorGradient() {
        Gradient g = new org.deeplearning4j.nn.gradient.DefaultGradient();
        Gradient own = discriminator.gradient();
        if (own != null) {
            own.gradientForVariable().forEach((k, v) -> g.setGradientFor(ganKeyOf(k), v));
        }
        return g;
    }

    /** The GAN step's second half: the generator's gradients, loss and NaN/Inf counts join the open record. */
    private void generatorStep(Model gan) {
        long iteration = BaseOptimizer.getIterationCount(gan);
        PendingRecord record = pending;
        if (record == null || record.iteration != iteration) {
            warnings.once("gan-order", "the GAN network trained at iteration " + iteration + " without the discriminator "
                    + "training first; such iterations are not recorded (fit the discriminator, then the GAN)");
            return;
        }
        if (watch != null) {
            try {
                if (forwardCountsOfLayers != null && forwardCountsIteration == iteration) {
                    watch.countForward(iteration, layerCounts(forwardCountsOfLayers));
                }
                forwardCountsOfLayers = null;
                Gradient own = gan.gradient();
                Gradient generatorOnly = new org.deeplearning4j.nn.gradient.DefaultGradient();
                if (own != null) {
                    own.gradientForVariable().forEach((k, v) -> {
                        if (!isDiscriminatorKey(k)) {
                            generatorOnly.setGradientFor(k, v);
                        }
                    });
                }
                watch.countBackward(iteration, generatorOnly);
            } catch (RuntimeException e) {
                warnings.once("nonfinite", "counting NaN/Inf failed (" + e + "); counts of iteration " + iteration + " on are incomplete");
            }
        }
        record.metrics.put(GENERATOR_LOSS, gan.score());
        if (record.kinds.contains(RecordedKind.GRADIENTS)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                Map<String, INDArray> byKey = gan.gradient() == null ? Map.of() : gan.gradient().gradientForVariable();
                for (TensorPlan t : plansOf(RecordedKind.GRADIENTS)) {
                    INDArray g = byKey.get(t.source());
                    if (!isDiscriminatorKey(t.source())) {
                        record.values.put(t.id(), g == null ? new float[t.length()] : floats(g));
                    }
                }
            }
        }
    }

    /** For tests: how traces are opened (to simulate a full disk). */
    void setSinkOpener(TraceSink.Opener opener) {
        this.opener = opener;
    }

    // ------------------------------------------------------------------ state

    /** True once an anomaly was recorded and {@link OnAnomaly#FLAG} or THROW asks training to stop. */
    public boolean shouldStop() {
        return stopRequested;
    }

    /** The anomaly seen, if any. */
    public Optional<Anomaly> anomaly() {
        return Optional.ofNullable(anomaly);
    }

    /** False once a fault turned the listener off (a warning said why). */
    public synchronized boolean isRecording() {
        return enabled && !closed;
    }

    /** The run's directory (the finest-interval trace). */
    public Path directory() {
        return directory;
    }

    /** The trace directories written, finest interval first (empty before training starts). */
    public synchronized List<Path> traces() {
        return groups.stream().map(g -> g.path).toList();
    }

    // ------------------------------------------------------------------ DL4J callbacks

    /** The training forward of a ComputationGraph, by vertex: as for a MultiLayerNetwork below. */
    @Override
    public synchronized void onForwardPass(Model model, Map<String, INDArray> activations) {
        if (!enabled || closed || !(model instanceof ComputationGraph) || activations == null) {
            return;
        }
        try {
            Map<String, Long> counts = new LinkedHashMap<>();
            activations.forEach((vertex, a) -> counts.put(vertex, NonFiniteWatch.count(a)));
            forwardCountsOfVertices = counts;
            forwardCountsIteration = BaseOptimizer.getIterationCount(model);
        } catch (RuntimeException e) {
            warnings.once("nonfinite-forward", "counting NaN/Inf in the vertex outputs failed (" + e + "); forward counts are missing");
        }
    }

    /**
     * The training forward of a MultiLayerNetwork: counts the non-finite values of every layer's
     * output right away (the arrays live in DL4J's workspace); they reach the watch at
     * onGradientCalculation, when the listener is set up.
     */
    @Override
    public synchronized void onForwardPass(Model model, List<INDArray> activations) {
        if (!enabled || closed || !(model instanceof MultiLayerNetwork) || activations == null || model == discriminator) {
            return;
        }
        try {
            long[] counts = new long[Math.max(0, activations.size() - 1)];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = NonFiniteWatch.count(activations.get(i + 1)); // activation 0 is the input
            }
            forwardCountsOfLayers = counts;
            forwardCountsIteration = BaseOptimizer.getIterationCount(model);
        } catch (RuntimeException e) {
            warnings.once("nonfinite-forward", "counting NaN/Inf in the layer outputs failed (" + e + "); forward counts are missing");
        }
    }

    @Override
    public synchronized void onGradientCalculation(Model model) {
        if (!enabled || closed) {
            return;
        }
        try {
            if (discriminator != null) {
                ganStep(model);
                return;
            }
            // the batch being trained, taken before any probe forward replaces the model's input
            INDArray trainingX = trainingInput(model);
            INDArray trainingY = trainingLabels(model);
            if (!setUp) {
                setUp(model, trainingX, trainingY);
                if (!enabled) {
                    return;
                }
            }
            long iteration = BaseOptimizer.getIterationCount(model);
            countNonFinite(model, iteration);
            prepare(model, iteration, trainingX, trainingY);
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("recording failed before the step of iteration " + BaseOptimizer.getIterationCount(model), e);
        }
    }

    /**
     * A GAN iteration: the discriminator's gradient calculation opens the record (weights of both
     * networks before either step, probe activations through the GAN network), the GAN network's
     * adds the generator's part, its iterationDone commits.
     */
    private void ganStep(Model model) {
        if (model == discriminator) {
            if (!setUp) {
                setUp(ganNetwork, null, null);
                if (!enabled) {
                    return;
                }
            }
            long iteration = BaseOptimizer.getIterationCount(discriminator);
            if (watch != null) {
                try {
                    watch.countBackward(iteration, discriminatorGradient());
                } catch (RuntimeException e) {
                    warnings.once("nonfinite", "counting NaN/Inf failed (" + e + ")");
                }
            }
            prepare(ganNetwork, iteration, null, null);
        } else {
            generatorStep(model);
        }
    }


    @Override
    public synchronized void iterationDone(Model model, int iteration, int epoch) {
        if (!enabled || closed) {
            return;
        }
        if (discriminator != null && model == discriminator) {
            return; // the GAN network's iterationDone commits the step
        }
        PendingRecord record = pending;
        pending = null;
        try {
            if (record == null || record.iteration != iteration) {
                warnings.once("no-gradient-callback", "iteration " + iteration + " reached iterationDone without "
                        + "onGradientCalculation; iterations like it are not recorded (is the listener attached to the "
                        + "model that trains?)");
                return;
            }
            finish(model, record);
            write(record);
        } catch (IOException e) {
            fail("writing the trace in " + directory + " failed at iteration " + iteration
                    + " (disk full or not writable?)", e);
            return;
        } catch (RuntimeException | OutOfMemoryError e) {
            fail("recording iteration " + iteration + " failed", e);
            return;
        }
        if (denseLeft > 0 && --denseLeft == 0 && config.onAnomaly() != OnAnomaly.CONTINUE) {
            close();
            stopRequested = true;
            if (config.onAnomaly() == OnAnomaly.THROW) {
                throw new TrainingAnomalyException(anomaly, directory);
            }
        }
    }

    // ------------------------------------------------------------------ one iteration

    /** Gives this iteration's forward and backward NaN/Inf counts to the watch (§7.1). */
    private void countNonFinite(Model model, long iteration) {
        if (watch == null) {
            return;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Map<String, INDArray> outputs = Map.of();
            if (model instanceof VariationalAutoencoder vae && vae.input() != null) {
                // pretrainLayer shows no internal activations: a forward of the training batch
                // through the parameters, as the probe pass does (z with the fixed probe noise)
                outputs = layout.forward().run(model, vae.input());
            }
            watch.countOutputs(iteration, outputs);
            if (forwardCountsOfLayers != null && forwardCountsIteration == iteration) {
                watch.countForward(iteration, layerCounts(forwardCountsOfLayers));
            }
            if (forwardCountsOfVertices != null && forwardCountsIteration == iteration) {
                watch.countForward(iteration, layout.forward().nodesOfVertices(forwardCountsOfVertices));
            }
            forwardCountsOfLayers = null;
            forwardCountsOfVertices = null;
            watch.countBackward(iteration, model.gradient());
        } catch (RuntimeException e) {
            warnings.once("nonfinite", "counting NaN/Inf failed (" + e + "); counts of iteration " + iteration + " on are incomplete");
        }
    }

    /**
     * Layer i's count under its activation node (MultiLayerNetwork: one node per layer). DL4J's
     * training forward hands listeners every layer's output but the output layer's, which it
     * computes inside the loss; that one is not counted.
     */
    private Map<String, Long> layerCounts(long[] counts) {
        Map<String, Long> byNode = new LinkedHashMap<>();
        List<String> nodes = layout.activationNodes();
        for (int i = 0; i < Math.min(counts.length, nodes.size()); i++) {
            byNode.put(nodes.get(i), counts[i]);
        }
        return byNode;
    }

    /** Decides what iteration i records and captures the state before the step. */
    private void prepare(Model model, long iteration, INDArray trainingX, INDArray trainingY) {
        double score = discriminator != null ? discriminator.score() : model.score();
        checkAnomaly(iteration, score);
        boolean dense = denseLeft > 0;
        boolean evaluatedDue = evaluatedMetrics.stream().anyMatch(m -> m.due().test((int) iteration));
        List<RecordingGroup> due = new ArrayList<>();
        Set<RecordedKind> kinds = EnumSet.noneOf(RecordedKind.class);
        for (RecordingGroup g : groups) {
            boolean forcedByMetric = evaluatedDue && g == groups.get(0);
            if (dense || g.isDueAt(iteration) || forcedByMetric) {
                due.add(g);
                kinds.addAll(g.kinds);
            }
        }
        PendingRecord record = new PendingRecord(iteration, score, due, kinds, due.isEmpty() ? null : batchRow());
        if (watch != null) {
            Map<String, Double> counts = watch.takeMetrics();
            if (!due.isEmpty() && due.get(0) == groups.get(0)) {
                record.metrics.putAll(counts); // written to the top trace only, like evaluated metrics
            }
        }
        if (updater != null && !due.isEmpty()) {
            double lr = updater.getLearningRate((int) iteration, BaseOptimizer.getEpochCount(model));
            if (discriminator == null) {
                record.metrics.put(LEARNING_RATE, lr);
            } else {
                // one rate per optimizer, named after its network (the PyTorch recorder's lr.<name>)
                record.metrics.put(LEARNING_RATE + "." + GanLayouts.GENERATOR, lr);
                if (discriminatorUpdater != null && discriminatorUpdater.hasLearningRate()) {
                    record.metrics.put(LEARNING_RATE + "." + GanLayouts.DISCRIMINATOR,
                            discriminatorUpdater.getLearningRate((int) iteration, BaseOptimizer.getEpochCount(discriminator)));
                }
            }
        }
        pending = record;
        if (batchInputsInfo != null && due.stream().anyMatch(RecordingGroup::holdsBatchInputs)) {
            captureBatchInputs(trainingX, trainingY, record);
        }
        if (!due.isEmpty()) {
            capture(model, record);
        }
    }

    /**
     * Copies the batch being trained (after whatever augmentation made it) and its class labels;
     * a batch that does not fit the declaration is recorded as empty, with one warning.
     */
    private void captureBatchInputs(INDArray x, INDArray y, PendingRecord record) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (x == null || x.rank() < 2) {
                return;
            }
            int count = (int) Math.min(x.size(0), batchInputsInfo.batchSize());
            int per = (int) (x.length() / Math.max(1, x.size(0)));
            if (per != batchInputsInfo.valuesPerSample()) {
                warnings.once("batch-inputs-shape", "a training batch has " + per + " values per sample, not "
                        + batchInputsInfo.valuesPerSample() + " as the first; such batches are recorded as empty");
                return;
            }
            float[] all = floats(x);
            record.batchInputs = all.length == count * per ? all : Arrays.copyOf(all, count * per);
            record.batchInputCount = count;
            record.batchLabels = batchLabels(y);
        } catch (RuntimeException e) {
            warnings.once("batch-inputs", "copying the training batch failed (" + e + "); its inputs are recorded as empty");
        }
    }

    /** The input of the batch being trained: the network's (single) input, or the VAE layer's. */
    private static INDArray trainingInput(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getInput();
        }
        if (model instanceof ComputationGraph cg) {
            INDArray[] inputs = cg.getInputs();
            return inputs != null && inputs.length == 1 ? inputs[0] : null;
        }
        if (model instanceof org.deeplearning4j.nn.api.Layer layer) {
            return layer.input();
        }
        return null;
    }

    private static INDArray trainingLabels(Model model) {
        if (model instanceof MultiLayerNetwork net) {
            return net.getLabels();
        }
        return null; // a ComputationGraph does not show its labels; an autoencoder's targets are its inputs
    }

    /** The model's class labels, else the label source's; null when neither has any. */
    private long[] batchLabels(INDArray y) {
        long[] labels = classIndices(y);
        if (labels == null && batchLabelSource != null) {
            try {
                labels = batchLabelSource.get();
            } catch (RuntimeException e) {
                warnings.once("batch-labels", "the batch label source failed (" + e + "); labels are recorded as -1");
            }
        }
        return labels;
    }

    /** Class indices of one-hot label rows; null for anything else (regression targets, none). */
    private static long[] classIndices(INDArray labels) {
        if (labels == null || labels.rank() != 2 || labels.columns() < 2) {
            return null;
        }
        INDArray indices = labels.argMax(1);
        long[] out = new long[(int) indices.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = indices.getLong(i);
        }
        return out;
    }

    private void checkAnomaly(long iteration, double score) {
        String reason = detector.check(score);
        if (reason == null) {
            if (denseLeft == 0) {
                armed = true; // re-arm only after a normal score, so a run of NaN triggers once
            }
            return;
        }
        if (!armed) {
            return;
        }
        armed = false;
        anomaly = new Anomaly(iteration, score, reason);
        denseLeft = config.denseIterations();
        warnings.once("anomaly-" + iteration, "training anomaly at iteration " + iteration + ": " + reason
                + "; recording the next " + config.denseIterations() + " iterations densely");
        writeAnomalyNote();
    }

    private long[] batchRow() {
        if (batchSize == 0 || batchIndexSource == null) {
            return null;
        }
        long[] indices;
        try {
            indices = batchIndexSource.get();
        } catch (RuntimeException e) {
            warnings.once("batch-source", "the batch index source failed (" + e + "); batches are recorded as -1");
            indices = null;
        }
        long[] row = new long[batchSize];
        Arrays.fill(row, -1L);
        if (indices != null) {
            if (indices.length > batchSize) {
                warnings.once("batch-size", "a batch has " + indices.length + " samples, more than the recorded batch size "
                        + batchSize + "; the rest are not recorded (set RecordingConfig.batchSize)");
            }
            for (int i = 0; i < Math.min(indices.length, batchSize); i++) {
                row[i] = indices[i] >= 0 ? indices[i] : -1L;
            }
        }
        return row;
    }

    private void capture(Model model, PendingRecord record) {
        // copies leave DL4J's workspaces: outside one, dup and cast allocate ordinary arrays
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Set<RecordedKind> kinds = record.kinds;
            if (kinds.contains(RecordedKind.WEIGHTS) || kinds.contains(RecordedKind.UPDATES)) {
                Map<String, INDArray> table = model.paramTable();
                for (ModelLayout.ParamBinding p : layout.params()) {
                    INDArray value = table.get(p.paramKey());
                    if (value != null) {
                        record.paramsBefore.put(p.paramKey(), floats(value));
                    }
                }
            }
            if (kinds.contains(RecordedKind.GRADIENTS)) {
                Gradient gradient = discriminator != null ? discriminatorGradient() : model.gradient();
                Map<String, INDArray> byKey = gradient == null ? Map.of() : gradient.gradientForVariable();
                for (TensorPlan t : plansOf(RecordedKind.GRADIENTS)) {
                    INDArray g = byKey.get(t.source());
                    // DL4J leaves out parameters that get no gradient; the updater then leaves them alone
                    record.values.put(t.id(), g == null ? new float[t.length()] : floats(g));
                }
            }
            if (kinds.contains(RecordedKind.WEIGHTS)) {
                for (TensorPlan t : plansOf(RecordedKind.WEIGHTS)) {
                    record.values.put(t.id(), record.paramsBefore.get(t.source()));
                }
            }
            if (kinds.contains(RecordedKind.ACTIVATIONS) && !plansOf(RecordedKind.ACTIVATIONS).isEmpty()) {
                Map<String, INDArray> outputs = layout.forward().run(model, probeInputs);
                for (TensorPlan t : plansOf(RecordedKind.ACTIVATIONS)) {
                    INDArray a = outputs.get(t.source());
                    record.values.put(t.id(), a == null ? null : floats(a));
                }
            }
        }
    }

    /** After the step: the updates and the evaluated metrics. */
    private void finish(Model model, PendingRecord record) {
        if (record.groups.isEmpty()) {
            return;
        }
        if (record.kinds.contains(RecordedKind.UPDATES)) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                Map<String, INDArray> table = model.paramTable();
                for (TensorPlan t : plansOf(RecordedKind.UPDATES)) {
                    float[] before = record.paramsBefore.get(t.source());
                    INDArray now = table.get(t.source());
                    if (before == null || now == null) {
                        continue;
                    }
                    float[] after = floats(now);
                    if (after.length == before.length) {
                        for (int i = 0; i < after.length; i++) {
                            after[i] -= before[i];
                        }
                        record.values.put(t.id(), after);
                    }
                }
            }
        }
        for (EvaluatedMetric m : evaluatedMetrics) {
            if (m.due().test((int) record.iteration)) {
                try {
                    record.metrics.put(m.name(), m.evaluate().applyAsDouble(model));
                } catch (RuntimeException e) {
                    warnings.once("metric-" + m.name(), "evaluating metric \"" + m.name() + "\" failed: " + e);
                }
            }
        }
    }

    private void write(PendingRecord record) throws IOException {
        for (RecordingGroup g : record.groups) {
            if (g.sink == null) {
                continue;
            }
            g.sink.beginRecord(record.iteration);
            for (TensorPlan t : g.plans) {
                g.sink.putTensor(t.id(), checkedValues(t, record.values.get(t.id())));
            }
            g.sink.putMetric(LOSS, record.score);
            Object[] origin = watch == null ? null : watch.origin();
            if (origin != null && !g.originWritten) {
                // in every trace of the run, on its first line after the origin (§7.1)
                g.sink.putFirstNonFinite((Long) origin[0], (String) origin[1], (String) origin[2]);
                g.originWritten = true;
            }
            for (Map.Entry<String, Double> m : record.metrics.entrySet()) {
                // evaluated metrics are declared in every trace but written where they forced a record
                if (g == groups.get(0) || m.getKey().equals(LEARNING_RATE) || m.getKey().startsWith(LEARNING_RATE + ".")) {
                    g.sink.putMetric(m.getKey(), m.getValue());
                }
            }
            if (record.batch != null) {
                g.sink.putBatch(record.batch);
            }
            if (batchInputsInfo != null && g.holdsBatchInputs()) {
                float[] inputs = record.batchInputs == null ? new float[0] : record.batchInputs;
                g.sink.putBatchInputs(record.batchInputs == null ? 0 : record.batchInputCount, inputs, record.batchLabels);
            }
            g.sink.commit();
        }
    }

    /** The values to store; NaN (with one warning per tensor) when they are missing or the wrong size. */
    private float[] checkedValues(TensorPlan t, float[] values) {
        if (values != null && values.length == t.length()) {
            return values;
        }
        warnings.once("bad-" + t.id(), "tensor " + t.id() + (values == null ? " could not be captured"
                : " has " + values.length + " values, not " + t.length() + " as at the start")
                + "; it is recorded as NaN where that happens");
        float[] nan = new float[t.length()];
        Arrays.fill(nan, Float.NaN);
        return nan;
    }

    private List<TensorPlan> plansOf(RecordedKind schedule) {
        return plans.stream().filter(p -> p.schedule() == schedule).toList();
    }

    private static float[] floats(INDArray array) {
        INDArray f = array.dataType() == DataType.FLOAT ? array : array.castTo(DataType.FLOAT);
        return Nd4j.toFlattened('c', f).toFloatVector(); // logical C order, whatever the storage order
    }

    // ------------------------------------------------------------------ setup

    private void setUp(Model model, INDArray trainingX, INDArray trainingY) {
        setUp = true;
        layout = describe(model);
        if (!"unknown".equals(layout.modelType())) {
            watch = new NonFiniteWatch(layout);
        }
        plans = planTensors(model);
        updater = LearningRates.updaterOf(model);
        if (discriminator != null) {
            updater = GanLayouts.firstUpdater(ganNetwork, 0, generatorLayers);
            discriminatorUpdater = GanLayouts.firstUpdater(discriminator, 0, discriminator.getnLayers());
        }
        batchSize = config.batchSize();
        if (batchSize == 0 && batchIndexSource != null) {
            batchSize = Math.max(1, model.batchSize());
        }
        batchInputsInfo = describeBatchInputs(trainingX, trainingY);
        groups = makeGroups();
        if (groups.isEmpty()) {
            warnings.once("nothing", "every interval of the RecordingConfig is 0; nothing is recorded");
            enabled = false;
            return;
        }
        ManifestParts parts = manifestParts(model);
        for (RecordingGroup g : groups) {
            g.plans = plans.stream().filter(p -> g.kinds.contains(p.schedule())).toList();
            try {
                g.sink = opener.open(g.path, manifest(g, parts));
                if (parts.probeInputs != null) {
                    g.sink.writeArray("probe.inputs", parts.probeInputs);
                }
                for (Map.Entry<String, float[]> a : parts.probeArrays.entrySet()) {
                    g.sink.writeArray(a.getKey(), a.getValue());
                }
                if (parts.labelIndices != null) {
                    g.sink.writeArray("probe.labels", parts.labelIndices);
                } else if (parts.labelValues != null) {
                    g.sink.writeArray("probe.labels", parts.labelValues);
                }
            } catch (IOException | RuntimeException e) {
                fail("cannot create the trace " + g.path, e);
                return;
            }
        }
    }

    /** The batch inputs' declaration from the first training batch, or null when they are not recorded. */
    private BatchInputsInfo describeBatchInputs(INDArray x, INDArray y) {
        if (!config.recordBatchInputs()) {
            return null;
        }
        if (x == null || x.rank() < 2) {
            warnings.once("batch-inputs-none", "the model shows no single training input; batch inputs are not recorded");
            return null;
        }
        List<Integer> sample = new ArrayList<>();
        for (int d = 1; d < x.rank(); d++) {
            sample.add((int) x.size(d));
        }
        int size = batchSize > 0 ? batchSize : (int) x.size(0);
        return BatchInputsInfo.of(size, DType.FLOAT32, sample, batchLabels(y) != null);
    }

    private ModelLayout describe(Model model) {
        try {
            if (discriminator != null && model == ganNetwork) {
                return GanLayouts.describe(ganNetwork, generatorLayers, discriminator, noiseDistribution,
                        probeInputs == null ? null : "probe.inputs");
            }
            if (model instanceof MultiLayerNetwork net) {
                return MultiLayerLayouts.describe(net);
            }
            if (model instanceof ComputationGraph cg) {
                return ComputationGraphLayouts.describe(cg);
            }
            if (model instanceof VariationalAutoencoder vae) {
                return VaeLayouts.describe(vae);
            }
            warnings.once("model-type", "the recorder does not know " + model.getClass().getName()
                    + "; only scores and batch indices are recorded");
        } catch (RuntimeException e) {
            warnings.once("describe", "the network could not be described (" + e + "); only scores and batch indices are recorded");
        }
        return new ModelLayout("unknown", new TraceGraph(List.of(),
                List.of(new GraphNode("input", TraceNodeKind.OPERATOR, "input", null)), List.of()),
                List.of(), List.of(), (m, p) -> Map.of(), Map.of());
    }

    private List<TensorPlan> planTensors(Model model) {
        List<TensorPlan> result = new ArrayList<>();
        Map<String, INDArray> table = model.paramTable();
        for (ModelLayout.ParamBinding p : layout.params()) {
            INDArray value = table.get(p.paramKey());
            if (value == null) {
                continue;
            }
            List<Integer> shape = shapeOf(value);
            addPlan(result, new TensorPlan(p.nodeId(), p.nodeId(), p.kind(), RecordedKind.WEIGHTS, p.paramKey(), shape));
            addPlan(result, new TensorPlan(p.nodeId() + ".grad", p.nodeId(), TraceTensorKind.GRADIENT, RecordedKind.GRADIENTS, p.paramKey(), shape));
            addPlan(result, new TensorPlan(p.nodeId() + ".update", p.nodeId(), TraceTensorKind.UPDATE, RecordedKind.UPDATES, p.paramKey(), shape));
        }
        if (probeInputs != null && config.every(RecordedKind.ACTIVATIONS) > 0 && !layout.activationNodes().isEmpty()) {
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                Map<String, INDArray> outputs = layout.forward().run(model, probeInputs);
                for (String node : layout.activationNodes()) {
                    INDArray a = outputs.get(node);
                    if (a != null) {
                        addPlan(result, new TensorPlan(node + ".act", node, TraceTensorKind.ACTIVATION, RecordedKind.ACTIVATIONS, node, shapeOf(a)));
                    }
                }
            } catch (RuntimeException e) {
                warnings.once("probe", "the probe forward pass failed (" + e + "); no activations are recorded");
            }
        }
        return result;
    }

    private void addPlan(List<TensorPlan> result, TensorPlan plan) {
        if (config.every(plan.schedule()) == 0) {
            return;
        }
        long rowBytes = (long) plan.length() * config.dtype().size();
        if (rowBytes > config.maxTensorBytes()) {
            warnings.once("too-large-" + plan.id(), "tensor " + plan.id() + " is not recorded: one record is " + rowBytes
                    + " bytes, more than maxTensorBytes " + config.maxTensorBytes());
            return;
        }
        result.add(plan);
    }

    private static List<Integer> shapeOf(INDArray array) {
        List<Integer> shape = new ArrayList<>();
        for (long d : array.shape()) {
            shape.add((int) d);
        }
        if (shape.isEmpty()) {
            shape.add(1);
        }
        return shape;
    }

    private List<RecordingGroup> makeGroups() {
        TreeMap<Integer, Set<RecordedKind>> byInterval = new TreeMap<>();
        for (RecordedKind k : RecordedKind.values()) {
            int every = config.every(k);
            if (every > 0) {
                byInterval.computeIfAbsent(every, n -> EnumSet.noneOf(RecordedKind.class)).add(k);
            }
        }
        List<RecordingGroup> result = new ArrayList<>();
        for (Map.Entry<Integer, Set<RecordedKind>> e : byInterval.entrySet()) {
            // the finest interval is the trace at the directory itself; coarser ones nest inside it
            Path path = result.isEmpty() ? directory : directory.resolve("every-" + e.getKey());
            result.add(new RecordingGroup(e.getKey(), e.getValue(), path));
        }
        return result;
    }

    // ------------------------------------------------------------------ manifest

    /** The parts shared by every group's manifest. */
    private static final class ManifestParts {
        final List<ArrayInfo> arrays = new ArrayList<>();
        ProbeInfo probe;
        float[] probeInputs;
        long[] labelIndices;
        float[] labelValues;
        /** Static arrays of the probe such as the noise of a random variable (ModelLayout.ProbeForward#probeArrays). */
        final Map<String, float[]> probeArrays = new LinkedHashMap<>();
        final List<MetricInfo> metrics = new ArrayList<>();
    }

    private ManifestParts manifestParts(Model model) {
        ManifestParts parts = new ManifestParts();
        if (probeInputs != null) {
            parts.probeInputs = floats(probeInputs);
            parts.arrays.add(new ArrayInfo("probe.inputs", DType.FLOAT32, shapeOf(probeInputs)));
            try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                layout.forward().probeArrays(model, probeInputs).forEach((id, array) -> {
                    parts.probeArrays.put(id, floats(array));
                    parts.arrays.add(new ArrayInfo(id, DType.FLOAT32, shapeOf(array)));
                });
            } catch (RuntimeException e) {
                warnings.once("probe-arrays", "the probe's static arrays could not be computed (" + e
                        + "); credit cannot explain neurons after a random variable");
            }
            String labels = null;
            if (probeLabels != null) {
                labels = "probe.labels";
                if (probeLabels.rank() == 2 && probeLabels.columns() > 1) {
                    // one-hot rows: store class indices, as the format prefers (§4.6)
                    INDArray indices = probeLabels.argMax(1);
                    parts.labelIndices = new long[(int) indices.length()];
                    for (int i = 0; i < parts.labelIndices.length; i++) {
                        parts.labelIndices[i] = indices.getLong(i);
                    }
                    parts.arrays.add(new ArrayInfo(labels, DType.INT64, List.of(parts.labelIndices.length)));
                } else {
                    parts.labelValues = floats(probeLabels);
                    parts.arrays.add(new ArrayInfo(labels, DType.FLOAT32, shapeOf(probeLabels)));
                }
            }
            parts.probe = new ProbeInfo("probe.inputs", labels);
        }
        parts.metrics.add(new MetricInfo(LOSS, null));
        if (updater != null && discriminator == null) {
            parts.metrics.add(new MetricInfo(LEARNING_RATE, null));
        } else if (discriminator != null) {
            parts.metrics.add(new MetricInfo(GENERATOR_LOSS, null));
            parts.metrics.add(new MetricInfo(LEARNING_RATE + "." + GanLayouts.GENERATOR, null));
            parts.metrics.add(new MetricInfo(LEARNING_RATE + "." + GanLayouts.DISCRIMINATOR, null));
        }
        if (watch != null) {
            parts.metrics.addAll(watch.metrics());
        }
        List<String> names = new ArrayList<>(config.metrics());
        evaluatedMetrics.forEach(m -> names.add(m.name()));
        names.stream().distinct().filter(n -> !n.equals(LOSS) && !n.equals(LEARNING_RATE) && !n.startsWith(NonFiniteWatch.PREFIX)
                && !(discriminator != null && (n.equals(GENERATOR_LOSS) || n.startsWith(LEARNING_RATE + ".")))).forEach(n -> parts.metrics.add(new MetricInfo(n, null)));
        return parts;
    }

    private TraceManifest manifest(RecordingGroup group, ManifestParts parts) {
        List<TensorInfo> tensors = group.plans.stream()
                .map(t -> new TensorInfo(t.id(), t.node(), t.kind(), config.dtype(), t.shape(),
                        TensorInfo.recommendedChunkRecords((long) t.length() * config.dtype().size())))
                .toList();
        // only the top trace links the others (§4.7: a link never leaves its trace's folder, so a
        // sub-trace cannot point back up with "..")
        List<Object> related = new ArrayList<>();
        if (group == groups.get(0)) {
            for (RecordingGroup other : groups.subList(1, groups.size())) {
                related.add(Map.of("path", group.path.relativize(other.path).toString().replace('\\', '/'),
                        "every", (long) other.every, "kinds", kindNames(other.kinds)));
            }
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("framework", "dl4j");
        attributes.put("dl4jVersion", DL4J_VERSION);
        attributes.put("recorder", "org.trainscope.recorders.dl4j");
        attributes.put("recordEvery", (long) group.every);
        attributes.put("recordedKinds", kindNames(group.kinds));
        if (!related.isEmpty()) {
            attributes.put("relatedTraces", related);
        }
        attributes.put("denseIterations", (long) config.denseIterations());
        attributes.put("onAnomaly", config.onAnomaly().name().toLowerCase(java.util.Locale.ROOT));
        attributes.put("lossIs", "DL4J score: mean loss over the batch plus regularization");
        attributes.put("gradientsAre", "raw DL4J gradients at onGradientCalculation: summed over the batch, "
                + "before the updater divides by the batch size, clips and applies its rule");
        attributes.put("updatesAre", "parameters after the step minus before");
        attributes.putAll(layout.attributes());
        attributes.putAll(config.attributes());
        String name = config.name() != null ? config.name()
                : directory.getFileName() == null ? "run" : directory.getFileName().toString();
        String modelType = config.modelType() != null ? config.modelType() : layout.modelType();
        BatchInfo batches = batchSize > 0 && batchIndexSource != null
                ? new BatchInfo(batchSize, TensorInfo.recommendedChunkRecords(batchSize * 8L)) : null;
        return new TraceManifest(name, modelType, attributes, layout.graph(), tensors, parts.metrics, batches,
                parts.arrays, parts.probe).withBatchInputs(group.holdsBatchInputs() ? batchInputsInfo : null);
    }

    private static List<Object> kindNames(Set<RecordedKind> kinds) {
        return kinds.stream().sorted().map(k -> (Object) k.jsonName()).toList();
    }

    /** A small note for humans next to the trace; the journal already shows the anomaly. */
    private void writeAnomalyNote() {
        Anomaly a = anomaly;
        String score = Double.isFinite(a.score()) ? Double.toString(a.score()) : "\"" + a.score() + "\"";
        String json = "{\n \"iteration\": " + a.iteration() + ",\n \"loss\": " + score + ",\n \"reason\": \""
                + a.reason().replace("\\", "\\\\").replace("\"", "\\\"") + "\",\n \"denseIterations\": "
                + config.denseIterations() + ",\n \"onAnomaly\": \"" + config.onAnomaly().name().toLowerCase(java.util.Locale.ROOT)
                + "\"" + firstNonFiniteJson() + "\n}\n";
        try {
            Path tmp = directory.resolve("anomaly.json.tmp");
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            Files.move(tmp, directory.resolve("anomaly.json"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            // only a convenience; losing it loses nothing the trace does not hold
        }
    }

    /** ",\n \"firstNonFinite\": {...}" when an origin is known, else "". Node ids need no escaping (§8). */
    private String firstNonFiniteJson() {
        Object[] origin = watch == null ? null : watch.origin();
        if (origin == null) {
            return "";
        }
        return ",\n \"firstNonFinite\": {\"iteration\": " + origin[0] + ", \"direction\": \"" + origin[1]
                + "\", \"node\": \"" + origin[2] + "\"}";
    }

    // ------------------------------------------------------------------ faults and closing

    /** One warning, then the listener turns itself off; committed records stay readable. */
    private void fail(String what, Throwable cause) {
        warnings.once("fail", what + ": " + cause + ". Recording stops here; training goes on.");
        enabled = false;
        pending = null;
        for (RecordingGroup g : groups) {
            if (g.sink != null) {
                try {
                    g.sink.abandon();
                } catch (IOException | RuntimeException ignored) {
                    // already failing; the warning above is the one the user needs
                }
                g.sink = null;
            }
        }
    }

    /** Closes every trace cleanly (an uncommitted iteration is dropped). Safe to call twice. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending = null;
        for (RecordingGroup g : groups) {
            if (g.sink != null) {
                try {
                    g.sink.close();
                } catch (IOException | RuntimeException e) {
                    warnings.once("close", "closing the trace " + g.path + " failed: " + e);
                }
                g.sink = null;
            }
        }
    }
}
