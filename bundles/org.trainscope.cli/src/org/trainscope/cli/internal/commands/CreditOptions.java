package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.adapters.inputs.ImageOptions;
import org.trainscope.adapters.inputs.InputSet;
import org.trainscope.adapters.inputs.InputSets;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.Rules;
import org.trainscope.algorithms.credit.provider.CreditGraphModel;
import org.trainscope.algorithms.credit.provider.CreditGraphProvider;
import org.trainscope.algorithms.credit.provider.CreditGraphRequest;
import org.trainscope.algorithms.credit.provider.CreditTarget;
import org.trainscope.algorithms.credit.provider.RunInputs;
import org.trainscope.algorithms.credit.provider.RunParameterSource;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.core.model.Run;

/**
 * The options that say which neuron to explain and how, shared by {@code credit} and
 * {@code export --view credit}, and the one call of {@link CreditGraphProvider} both make.
 */
final class CreditOptions {
    static final List<String> OPTIONS = List.of("--node", "--neuron", "--direction", "--rule", "--epsilon", "--gamma",
            "--iteration", "--inputs", "--top-k", "--image-size", "--mean", "--std");
    static final List<String> FLAGS = List.of("--grey", "--rgb", "--batch");
    static final int DEFAULT_TOP_K = 5;

    /** The options' lines of a usage text. */
    static final String USAGE = """
              --node ID          the node (layer) of the neuron, as `info` lists it (required)
              --neuron I         the unit within one input, as users count them (flat index, required)
              --direction D      forward (LRP relevance of earlier neurons, default) or backward (the
                                 gradient decomposed over later neurons)
              --rule NAME        LRP rule or composite (forward): %s
                                 (default epsilonGammaBox)
              --epsilon E        ε of the rules that take one (default %s)
              --gamma G          γ of the rules that take one (default %s)
              --iteration N      the recorded weights of iteration N (at or before; default: the last
                                 iteration whose weights are all finite)
              --top-k K          neurons per layer (default 5)
              --batch            explain on the inputs of the training batch of --iteration (recorded by
                                 the recorders, trace format 4.8; default: the last recorded batch at or
                                 before the last iteration whose weights are all finite) and rank its
                                 samples by the target's activation (forward) or gradient (backward)
              --inputs PATH      explain on these inputs instead of the recorded probe inputs: an .npy
                                 [N, ...] or one input, an .npz (its only array, or 'inputs'/'x'), a
                                 PNG/JPEG image or a folder of images or of .npy files (name order)
              --image-size HxW   the network's input height and width when the run does not say (an
                                 ONNX model), with --grey (1 channel) or --rgb (3): images are resized to
                                 it and arrays read as inputs of [C, H, W]
              --grey | --rgb     images: grey (luminance) or RGB pixels (default: as the network takes)
              --mean M[,M,M]     images: pixels in [0, 1] become (x - mean) / std per channel (default 0)
              --std S[,S,S]      (default 1)
            """.formatted(String.join(", ", Composites.NAMES), Rules.DEFAULT_EPSILON, Rules.DEFAULT_GAMMA);

    private final CliArguments args;

    private CreditOptions(CliArguments args) {
        this.args = args;
    }

    /** Checks what can be checked before the run is opened (exit 1 for a malformed option). */
    static CreditOptions of(CliArguments args) throws CliException {
        CreditOptions o = new CreditOptions(args);
        args.required("--node");
        o.neuron();
        o.direction();
        o.rule();
        o.epsilon();
        o.gamma();
        o.topK();
        o.imageOptions();
        o.imageSize();
        if (args.flag("--batch") && args.value("--inputs").isPresent()) {
            throw CliException.usage("--batch explains on the recorded training batch, --inputs on yours: give one");
        }
        if (args.value("--inputs").isEmpty()) {
            for (String image : List.of("--image-size", "--mean", "--std", "--grey", "--rgb")) {
                if (args.flag(image)) {
                    throw CliException.usage(image + " only applies with --inputs");
                }
            }
        }
        return o;
    }

    String node() throws CliException {
        return args.required("--node");
    }

    int neuron() throws CliException {
        args.required("--neuron");
        return (int) args.longValue("--neuron", 0, 0, Integer.MAX_VALUE);
    }

    Direction direction() throws CliException {
        String d = args.value("--direction").orElse("forward");
        return switch (d.toLowerCase(Locale.ROOT)) {
            case "forward" -> Direction.FORWARD;
            case "backward" -> Direction.BACKWARD;
            default -> throw CliException.usage("--direction is forward or backward, not '" + d + "'");
        };
    }

    String rule() throws CliException {
        String rule = args.value("--rule").orElse(Composites.NAMES.get(0));
        if (!Composites.NAMES.contains(rule)) {
            throw CliException.usage("--rule: unknown rule or composite '" + rule + "'; known: "
                    + String.join(", ", Composites.NAMES));
        }
        return rule;
    }

    double epsilon() throws CliException {
        return args.doubleValue("--epsilon", Rules.DEFAULT_EPSILON, 0, Double.MAX_VALUE);
    }

    double gamma() throws CliException {
        return args.doubleValue("--gamma", Rules.DEFAULT_GAMMA, 0, Double.MAX_VALUE);
    }

    int topK() throws CliException {
        return (int) args.longValue("--top-k", DEFAULT_TOP_K, 1, 10_000);
    }

    Optional<Path> inputs() throws CliException {
        return args.value("--inputs").map(Path::of);
    }

    ImageOptions imageOptions() throws CliException {
        if (args.flag("--grey") && args.flag("--rgb")) {
            throw CliException.usage("give --grey or --rgb, not both");
        }
        ImageOptions.Colour colour = args.flag("--grey") ? ImageOptions.Colour.GREY
                : args.flag("--rgb") ? ImageOptions.Colour.RGB : ImageOptions.Colour.AS_NETWORK;
        float[] mean = floats("--mean", 0);
        float[] std = floats("--std", 1);
        try {
            return new ImageOptions(colour, mean, std);
        } catch (IllegalArgumentException e) {
            throw CliException.usage(e.getMessage());
        }
    }

    private float[] floats(String option, float fallback) throws CliException {
        Optional<String> text = args.value(option);
        if (text.isEmpty()) {
            return new float[] { fallback };
        }
        String[] parts = text.get().split(",");
        if (parts.length != 1 && parts.length != 3) {
            throw CliException.usage(option + " takes one value or three (R,G,B), not '" + text.get() + "'");
        }
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                values[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw CliException.usage(option + " needs numbers, not '" + text.get() + "'");
            }
            if (!Float.isFinite(values[i])) {
                throw CliException.usage(option + " needs finite numbers, not '" + text.get() + "'");
            }
        }
        return values;
    }

    /** {@code [height, width]} of --image-size, or empty. */
    Optional<int[]> imageSize() throws CliException {
        Optional<String> text = args.value("--image-size");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] hw = text.get().toLowerCase(Locale.ROOT).split("x");
        try {
            if (hw.length == 2) {
                int h = Integer.parseInt(hw[0].trim());
                int w = Integer.parseInt(hw[1].trim());
                if (h > 0 && w > 0 && (long) h * w <= 1 << 24) {
                    return Optional.of(new int[] { h, w });
                }
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw CliException.usage("--image-size is HEIGHTxWIDTH in pixels, such as 28x28, not '" + text.get() + "'");
    }

    /**
     * The request for {@code run}: exit 2 when the run has no such node, the unit is out of the
     * node's recorded units, the run recorded no weights or the inputs cannot be read.
     */
    CreditGraphRequest request(Run run) throws CliException {
        CreditTarget target;
        long iteration;
        try {
            target = CreditTarget.ofNode(run, node(), neuron());
            iteration = args.value("--iteration").isPresent()
                    ? args.longValue("--iteration", 0, Long.MIN_VALUE, Long.MAX_VALUE)
                    : RunParameterSource.lastFiniteIteration(run);
        } catch (IllegalArgumentException e) {
            throw CliException.badData(e.getMessage());
        }
        CreditGraphRequest request = new CreditGraphRequest(target, direction(), rule(), epsilon(), gamma(), iteration,
                topK(), null);
        if (args.flag("--batch")) {
            if (args.value("--iteration").isEmpty()) {
                long batchIteration = CreditGraphProvider.batchIterationAtOrBefore(run, iteration);
                iteration = batchIteration >= 0 ? batchIteration : iteration; // none: the provider says which exist
            }
            return request.atIteration(iteration).withTrainingBatch(true);
        }
        Optional<Path> inputs = inputs();
        return inputs.isEmpty() ? request : request.withInputs(load(run, inputs.get()));
    }

    private InputSet load(Run run, Path path) throws CliException {
        Optional<int[]> networkShape = RunInputs.sampleShape(run);
        int[] shape = networkShape.orElse(null);
        Optional<int[]> size = imageSize();
        if (size.isPresent()) {
            int channels = args.flag("--rgb") ? 3 : 1;
            if (networkShape.isEmpty()) {
                if (!args.flag("--rgb") && !args.flag("--grey")) {
                    throw CliException.usage("--image-size needs --grey or --rgb: the run does not say how many "
                            + "channels its input takes");
                }
                shape = new int[] { channels, size.get()[0], size.get()[1] };
            } else if (shape.length != 3 || shape[1] != size.get()[0] || shape[2] != size.get()[1]) {
                throw CliException.badData("--image-size " + size.get()[0] + "x" + size.get()[1] + ": the network's "
                        + "input takes " + Arrays.toString(shape) + " per input");
            }
        }
        try {
            return InputSets.load(path, imageOptions(), shape);
        } catch (IOException | RuntimeException e) {
            String message = e.getMessage() == null ? e.toString() : e.getMessage();
            throw CliException.badData(message.contains(path.toString()) || message.contains(path.getFileName()
                    .toString()) ? message : path + ": " + message);
        }
    }

    /**
     * The provider's model: exit 2 with the provider's message when the neuron cannot be
     * explained (an operator with no credit rule, inputs of the wrong shape, a unit out of range).
     */
    static CreditGraphModel compute(CreditGraphRequest request, IProgressMonitor monitor) throws CliException {
        int problemsBefore = ProviderFailures.problemCount();
        try {
            return new CreditGraphProvider().compute(request, monitor);
        } catch (IOException | RuntimeException e) {
            CliException failure = ProviderFailures.of(e, problemsBefore);
            String node = request.target().nodeId();
            // the engine checks some things only once the network ran ("neuron 10 is outside a
            // layer of 10 neurons"): say which neuron was asked for
            throw failure.getMessage().contains(node) ? failure
                    : new CliException(failure.exitCode(), request.target().describe() + ": " + failure.getMessage(), e);
        }
    }
}
