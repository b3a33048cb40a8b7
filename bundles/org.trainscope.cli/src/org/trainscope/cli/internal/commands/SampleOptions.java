package org.trainscope.cli.internal.commands;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * The options that say which tensor's training dynamics to sample and how, shared by
 * {@code sample} and {@code export --view dynamics}: they become a {@link DynamicsRequest} of
 * the training-dynamics provider. The sampler is any one {@link AlgorithmManager} lists, its
 * further parameters those it declares ({@code --param k=v}, parsed against the declaration).
 */
final class SampleOptions {
    static final List<String> OPTIONS = List.of("--tensor", "--count", "--rate", "--method", "--seed", "--param");

    static final String USAGE = """
              --tensor NAME      the recorded tensor, as `info` lists it (required); one polyline per unit
                                 (its mean over the probe inputs when the tensor has a probe axis)
              --count N          how many neurons to sample (default %d, at most all of them)
              --rate R           or the share of the neurons to sample, in (0, 1]
              --method ID        the sampler: its id as `trainscope-cli algorithms --kind sampler` lists it,
                                 or the id's last part (default blueNoise)
              --seed S           the sampler's seed (default %d)
              --param NAME=VALUE a further parameter the sampler declares (repeatable)
            """.formatted(DynamicsRequest.DEFAULT_SAMPLE_COUNT, DynamicsRequest.DEFAULT_SEED);

    private final CliArguments args;
    private final AlgorithmDescriptor sampler;
    private final Map<String, String> parameters;

    private SampleOptions(CliArguments args, AlgorithmDescriptor sampler, Map<String, String> parameters) {
        this.args = args;
        this.sampler = sampler;
        this.parameters = parameters;
    }

    /** Checks what can be checked before the run is opened (exit 1 for a malformed option). */
    static SampleOptions of(CliArguments args) throws CliException {
        args.required("--tensor");
        if (args.flag("--count") && args.flag("--rate")) {
            throw CliException.usage("give --count or --rate, not both");
        }
        args.longValue("--count", DynamicsRequest.DEFAULT_SAMPLE_COUNT, 1, Integer.MAX_VALUE);
        rate(args);
        args.longValue("--seed", DynamicsRequest.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
        AlgorithmDescriptor sampler = sampler(args.value("--method").orElse(DynamicsRequest.BLUE_NOISE));
        Map<String, String> parameters;
        try {
            parameters = AlgorithmParameters.assignments(args.values("--param"));
            for (String own : List.of("sampleCount", "seed")) {
                if (parameters.containsKey(own)) {
                    throw new IllegalArgumentException("parameter '" + own + "' is given with --"
                            + (own.equals("seed") ? "seed" : "count or --rate"));
                }
            }
            sampler.parameters(new HashMap<>(parameters)); // parsed and checked against the declaration
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--param: " + e.getMessage() + " (sampler " + sampler.id() + ")");
        }
        return new SampleOptions(args, sampler, parameters);
    }

    private static Optional<Double> rate(CliArguments args) throws CliException {
        if (!args.flag("--rate")) {
            return Optional.empty();
        }
        double rate = args.doubleValue("--rate", 1, 0, 1);
        if (rate <= 0) {
            throw CliException.usage("--rate is a share of the neurons in (0, 1], not " + rate);
        }
        return Optional.of(rate);
    }

    /** A sampler by its id or the id's last part ("blueNoise"). */
    private static AlgorithmDescriptor sampler(String id) throws CliException {
        List<AlgorithmDescriptor> samplers = AlgorithmManager.getInstance().algorithms("sampler");
        Optional<AlgorithmDescriptor> exact = samplers.stream().filter(s -> s.id().equals(id)).findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        List<AlgorithmDescriptor> bySuffix = samplers.stream().filter(s -> s.id().endsWith("." + id)).toList();
        if (bySuffix.size() == 1) {
            return bySuffix.get(0);
        }
        throw CliException.usage("--method: " + (bySuffix.isEmpty() ? "no sampler '" + id + "' is installed"
                : "'" + id + "' names several samplers") + "; installed: "
                + String.join(", ", samplers.stream().map(AlgorithmDescriptor::id).toList()));
    }

    String tensorName() throws CliException {
        return args.required("--tensor");
    }

    AlgorithmDescriptor sampler() {
        return sampler;
    }

    Map<String, String> parameters() {
        return parameters;
    }

    /**
     * The request over all records of the tensor: exit 2 when the run has no such tensor or the
     * tensor has fewer than two records (no dynamics).
     */
    DynamicsRequest request(Run run, int plotWidth, int plotHeight) throws CliException {
        String name = tensorName();
        TensorSeries tensor = run.tensors().stream().filter(t -> t.id().equals(name)).findFirst()
                .orElseThrow(() -> CliException.badData("the run '" + run.name() + "' has no tensor '" + name
                        + "'; its tensors: " + String.join(", ", run.tensors().stream().map(TensorSeries::id)
                                .limit(40).toList()) + (run.tensors().size() > 40 ? ", ..." : "")));
        try {
            DynamicsRequest r = DynamicsRequest.of(run, tensor).withSize(plotWidth, plotHeight);
            long seed = args.longValue("--seed", DynamicsRequest.DEFAULT_SEED, Long.MIN_VALUE, Long.MAX_VALUE);
            int count = (int) args.longValue("--count", DynamicsRequest.DEFAULT_SAMPLE_COUNT, 1, Integer.MAX_VALUE);
            Optional<Double> rate = rate(args);
            if (rate.isPresent()) {
                count = DynamicsChartProvider.sampleCountForRate(r, rate.get());
            }
            return r.withSampler(sampler.id(), count, seed, parameters);
        } catch (IllegalArgumentException e) {
            throw CliException.badData(e.getMessage());
        }
    }
}
