package org.trainscope.algorithms.credit.provider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditEngine;
import org.trainscope.algorithms.credit.CreditRequest;
import org.trainscope.algorithms.credit.CreditResult;
import org.trainscope.algorithms.credit.NeuronRef;
import org.trainscope.algorithms.credit.OperatorLookup;
import org.trainscope.core.model.BatchInputs;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.operators.FloatTensor;

/**
 * The credit graph of a neuron, the data provider of the Neuron Credit view and of
 * {@code trainscope-cli credit}/{@code export --view credit} (the Trace Compass pattern: the view
 * asks it in a job and only draws the model). Plain Java: no workbench, no display.
 * <p>
 * From plain Java, e.g. a script or a test:
 *
 * <pre>{@code
 * try (TraceRun run = TraceRun.open(Path.of("runs/cnn"))) {
 *     CreditTarget target = CreditTarget.ofNode(run, "dense4", 3);
 *     long iteration = RunParameterSource.lastFiniteIteration(run);
 *     CreditGraphRequest request = CreditGraphRequest.of(target, Direction.FORWARD, "epsilonGammaBox", iteration, 5);
 *     // optionally on your own inputs:
 *     // request = request.withInputs(InputSets.load(Path.of("shoes.npy"), InputOptions.NONE, RunInputs.sampleShape(run).orElse(null)));
 *     CreditGraphModel model = new CreditGraphProvider().compute(request, new NullProgressMonitor());
 *     CreditGraphPainter.write(model, Path.of("credit.svg")); // or .png, headless
 * }
 * }</pre>
 */
public final class CreditGraphProvider {
    private final OperatorLookup operators;

    /** Operators contributed to {@code org.trainscope.core.operators} first, then the built-in ones. */
    public CreditGraphProvider() {
        this(OperatorLookup.registry());
    }

    public CreditGraphProvider(OperatorLookup operators) {
        this.operators = operators;
    }

    /**
     * @throws IllegalArgumentException when the neuron cannot be explained (no probe inputs and none
     *         given, inputs of the wrong shape, an operator with no credit rule, a neuron out of range):
     *         the message says why, for the user
     * @throws IOException when the run's recorded tensors cannot be read
     * @throws org.eclipse.core.runtime.OperationCanceledException when cancelled
     */
    public CreditGraphModel compute(CreditGraphRequest r, IProgressMonitor monitor) throws IOException {
        CreditTarget target = r.target();
        SubMonitor sub = SubMonitor.convert(monitor, "Credit of " + target.describe(), 10);
        Run run = target.run();
        BatchInputs batch = r.trainingBatch() ? trainingBatch(run, r.iteration()) : null;
        // the training batch is replayed like user inputs: the probe's recorded noise does not fit it
        boolean user = r.inputs() != null || batch != null;
        String source = batch != null ? "the training batch of iteration " + batch.iteration() + " ("
                + batch.sampleCount() + " samples)" : r.inputs() != null ? r.inputs().source() : "the recorded probe inputs";
        Map<String, FloatTensor> inputs = batch != null
                ? RunInputs.of(run, new FloatTensor(batch.shape(), batch.values()), source)
                : user ? RunInputs.of(run, r.inputs().values(), r.inputs().source()) : RunInputs.of(run);
        FloatTensor x = inputs.values().iterator().next();
        RunParameterSource parameters = user ? RunParameterSource.forUserInputs(run, r.iteration(), x.dim(0))
                : new RunParameterSource(run, r.iteration());
        int[] labels = batch != null ? batch.labels() : user ? new int[0] : run.probeLabels();
        List<String> warnings = warnings(run, x, user, batch != null);
        NeuronRef neuron = new NeuronRef(target.nodeId(), target.neuron());
        // a probe input chosen in the view; user inputs and the batch are explained all together
        int[] samples = !user && target.probe() >= 0 ? new int[] { target.probe() } : null;
        CreditEngine engine = new CreditEngine(operators);
        CreditResult result;
        String method;
        if (r.direction() == CreditResult.Direction.FORWARD) {
            double[] range = finiteRange(x.data());
            CreditRequest request = new CreditRequest(run.graph(), List.of(parameters), inputs, neuron,
                    Composites.byName(r.composite(), r.epsilon(), r.gamma(), range[0], range[1]), null, samples,
                    r.topK());
            result = engine.forwardCredit(request, sub.split(8));
            method = "LRP, " + CompositeNames.label(r.composite());
        } else {
            BackwardSeeds.Seed seed = BackwardSeeds.choose(engine, run, parameters, inputs, labels, neuron.nodeId(),
                    sub.split(2));
            CreditRequest request = new CreditRequest(run.graph(), List.of(parameters), inputs, neuron, null,
                    seed.seed(), samples, r.topK());
            result = engine.backwardCredit(request, sub.split(6));
            method = "gradient decomposition, " + seed.description();
        }
        sub.checkCanceled();
        if (allZero(result.sampleScores())) {
            // every credit is then 0 and every heatmap blank: say why rather than leave it to be guessed
            warnings.add(r.direction() == CreditResult.Direction.FORWARD
                    ? "the neuron is 0 on every input explained (a dead unit, or a pixel that is background in "
                            + "every image): LRP has no relevance to distribute, every credit is 0"
                    : "the neuron's gradient is 0 on every input explained: there is nothing to decompose, every "
                            + "credit is 0");
        }
        CreditGraph graph = CreditGraphs.of(result, run.graph(), r.topK());
        sub.worked(2);
        TrainingBatchRanking ranking = batch == null ? null
                : TrainingBatchRanking.of(batch, result.sampleRanking(), result.samples(), result.sampleScores());
        String described = batch == null ? target.describe() : target.describe().replaceAll(" on probe input \\d+$", "");
        return new CreditGraphModel(r, run.name(), described, method, source, result, graph,
                inputCredits(result, x, labels, !drawsNoise(run.graph())), warnings, ranking);
    }

    /**
     * The recorded inputs of the training batch of {@code iteration}.
     *
     * @throws IllegalArgumentException when the run recorded none at that iteration; the message
     *         names the iterations that have them
     */
    static BatchInputs trainingBatch(Run run, long iteration) throws IOException {
        Optional<BatchInputs> batch = run.batchInputs(iteration);
        if (batch.isPresent() && batch.get().sampleCount() > 0) {
            return batch.get();
        }
        long[] recorded = run.batchInputIterations();
        if (recorded.length == 0) {
            throw new IllegalArgumentException("the run '" + run.name() + "' recorded no training batch inputs "
                    + "(trace format §4.8); explain the neuron on the probe inputs");
        }
        throw new IllegalArgumentException("the run '" + run.name() + "' recorded no training batch at iteration "
                + iteration + (batch.isPresent() ? " (it was empty)" : "") + "; it did at " + describeIterations(recorded));
    }

    /** "0, 8, 16 ... 136 (18 iterations)". */
    private static String describeIterations(long[] its) {
        if (its.length <= 6) {
            return Arrays.toString(its).replaceAll("[\\[\\]]", "");
        }
        return its[0] + ", " + its[1] + ", " + its[2] + " ... " + its[its.length - 1] + " (" + its.length + " iterations)";
    }

    /** The latest iteration at or before {@code iteration} whose training batch was recorded, or -1. */
    public static long batchIterationAtOrBefore(Run run, long iteration) {
        long best = -1;
        for (long it : run.batchInputIterations()) {
            if (it <= iteration) {
                best = it;
            }
        }
        return best;
    }

    /**
     * Whether the network's input is random noise (a GAN's generator input, a random-variable
     * source node): 16 noise values are not a 4x4 picture, whatever their count.
     */
    static boolean drawsNoise(NetworkGraph graph) {
        return RunInputs.sources(graph).stream()
                .anyMatch(id -> graph.node(id).map(n -> n.kind() == NodeKind.RANDOM_VARIABLE).orElse(false));
    }

    /** Every explained input, those that drive the neuron most first; pictures only when {@code pictures}. */
    static List<InputCredit> inputCredits(CreditResult r, FloatTensor x, int[] labels, boolean pictures) {
        ProbeImageLayout image = pictures ? ProbeImageLayout.of(x.shape()).orElse(null) : null;
        String source = r.inputRelevance().keySet().stream().findFirst().orElse(null);
        FloatTensor relevance = source == null ? null : r.inputRelevance().get(source);
        int per = x.size() / x.dim(0);
        int[] shape = Arrays.copyOfRange(x.shape(), 1, x.rank());
        List<InputCredit> out = new ArrayList<>();
        int[] samples = r.samples();
        for (int input : r.sampleRanking()) {
            int k = indexOf(samples, input);
            float[] values = Arrays.copyOfRange(x.data(), input * per, (input + 1) * per);
            float[] rel = relevance != null && relevance.size() == samples.length * per
                    ? Arrays.copyOfRange(relevance.data(), k * per, (k + 1) * per)
                    : null;
            InputCredit.Picture picture = null;
            if (image != null) {
                float[] heat = null;
                if (rel != null) {
                    FloatTensor map = r.heatmap(source, k);
                    heat = map.size() == image.height() * image.width() ? map.data() : null;
                }
                picture = new InputCredit.Picture(image.height(), image.width(), channelMean(image, x.data(), input),
                        heat);
            }
            out.add(new InputCredit(input, input < labels.length ? labels[input] : -1, r.sampleScores()[k], values,
                    shape, rel, picture));
        }
        return out;
    }

    /** Whether every value is exactly 0 (NaN is not: it is data to explain). */
    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return false;
            }
        }
        return values.length > 0;
    }

    /**
     * What the user should know before reading the graph: operators of the network with no credit
     * rule, non-finite input values (data, carried through), and what user inputs change.
     */
    private List<String> warnings(Run run, FloatTensor x, boolean user, boolean batch) {
        List<String> out = new ArrayList<>();
        NetworkGraph graph = run.graph();
        for (String id : graph.topologicalOrder()) {
            Node n = graph.node(id).orElseThrow();
            if (n.kind() == NodeKind.OPERATOR && !n.operatorType().equals("input")
                    && operators.find(n.operatorType()).isEmpty()) {
                out.add("operator " + id + " (" + n.operatorType() + ") has no credit rule: neurons that depend on it "
                        + "cannot be explained");
            }
        }
        int nonFinite = 0;
        for (float v : x.data()) {
            if (!Float.isFinite(v)) {
                nonFinite++;
            }
        }
        if (nonFinite > 0) {
            out.add(nonFinite + " of the " + x.size() + " input values are NaN or Inf: credit carries them as data");
        }
        if (user) {
            for (String id : graph.topologicalOrder()) {
                Node n = graph.node(id).orElseThrow();
                if (n.attributes().containsKey(RunParameterSource.PROBE_NOISE)) {
                    out.add("node " + id + " draws random noise: on " + (batch ? "the training batch" : "your inputs")
                            + " it is 0 (the mean is used" + (batch ? "; the recorder keeps the probe's noise only" : "")
                            + ")");
                }
            }
        }
        return out;
    }

    /** Channel mean of one sample of a batch read as pictures. */
    private static float[] channelMean(ProbeImageLayout l, float[] batch, int sample) {
        float[] out = new float[l.height() * l.width()];
        for (int c = 0; c < l.channels(); c++) {
            for (int y = 0; y < l.height(); y++) {
                for (int x = 0; x < l.width(); x++) {
                    out[y * l.width() + x] += batch[l.index(sample, c, y, x)] / l.channels();
                }
            }
        }
        return out;
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return 0;
    }

    /** Input bounds for the z-box rule: the inputs' own finite range (pixels may be normalised). */
    static double[] finiteRange(float[] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : values) {
            if (Float.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return lo <= hi ? new double[] { lo, hi } : new double[] { 0, 1 };
    }
}
