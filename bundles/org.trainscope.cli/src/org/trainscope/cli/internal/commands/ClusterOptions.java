package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.algorithms.clustering.NeuronFeatures;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisProvider;
import org.trainscope.algorithms.clustering.provider.CnnVisRequest;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.model.Run;

/**
 * The options that say how the neurons of a run's layer groups are clustered, shared by
 * {@code cluster} and {@code export --view cnnvis}: they become a {@link CnnVisRequest} of the
 * CNNVis provider, with the view's defaults for everything not given (k-means with k suggested up
 * to 8, mean activation per class). The clusterer is any one {@link AlgorithmManager} lists.
 */
final class ClusterOptions {
    static final List<String> OPTIONS = List.of("--method", "--k", "--param", "--iteration");

    static final String USAGE = """
              --method ID        the clusterer: its id as `trainscope-cli algorithms --kind clusterer` lists it,
                                 or the id's last part (default kMeans); exit 2 for one not installed
              --k K              the number of clusters (a clusterer that declares k; default: suggested by
                                 the clusterer's criterion, k-means: the best silhouette up to kMax = 8)
              --param NAME=VALUE a further parameter the clusterer declares (repeatable); features=meanPerClass
                                 or fullActivation says what describes a neuron
              --iteration N      the activations and weights recorded at or before iteration N (default: last)
            """;

    private final AlgorithmDescriptor clusterer;
    private final Map<String, String> parameters;
    private final NeuronFeatures.Kind features;
    private final long iteration;
    private final boolean kGiven;

    private ClusterOptions(AlgorithmDescriptor clusterer, Map<String, String> parameters, NeuronFeatures.Kind features,
            long iteration, boolean kGiven) {
        this.clusterer = clusterer;
        this.parameters = parameters;
        this.features = features;
        this.iteration = iteration;
        this.kGiven = kGiven;
    }

    /** Checks what can be checked before the run is opened (exit 1 malformed, 2 not installed). */
    static ClusterOptions of(CliArguments args) throws CliException {
        AlgorithmDescriptor clusterer = clusterer(args.value("--method").orElse(CnnVisRequest.K_MEANS));
        long iteration = args.longValue("--iteration", -1, 0, Long.MAX_VALUE);
        Map<String, String> parameters = new LinkedHashMap<>();
        if (clusterer.id().equals(CnnVisRequest.K_MEANS)) {
            parameters.put("kMax", "8"); // the view's default
        }
        NeuronFeatures.Kind features = NeuronFeatures.Kind.MEAN_PER_CLASS;
        try {
            Map<String, String> given = org.trainscope.core.algorithms.AlgorithmParameters
                    .assignments(args.values("--param"));
            if (given.containsKey("k") && args.flag("--k")) {
                throw new IllegalArgumentException("parameter 'k' is given with --k");
            }
            parameters.putAll(given);
            if (args.flag("--k")) {
                if (clusterer.parameters().stream().noneMatch(p -> p.name().equals("k"))) {
                    throw CliException.usage("--k: " + clusterer.name() + " declares no k (its parameters: "
                            + String.join(", ", clusterer.parameters().stream().map(p -> p.name()).toList()) + ")");
                }
                parameters.put("k", Long.toString(args.longValue("--k", 0, 1, 10_000)));
            }
            String f = parameters.remove("features");
            if (f != null) {
                features = NeuronFeatures.Kind.fromId(f);
            }
            clusterer.parameters(new LinkedHashMap<>(parameters)); // parsed and checked against the declaration
        } catch (IllegalArgumentException e) {
            throw CliException.usage("--param: " + e.getMessage() + " (clusterer " + clusterer.id() + ")");
        }
        boolean kGiven = parameters.containsKey("k") && !parameters.get("k").trim().equals("0");
        return new ClusterOptions(clusterer, parameters, features, iteration, kGiven);
    }

    /** A clusterer by its id or the id's last part ("kMeans"); exit 2 naming the installed ones. */
    private static AlgorithmDescriptor clusterer(String id) throws CliException {
        List<AlgorithmDescriptor> all = AlgorithmManager.getInstance().algorithms("clusterer");
        Optional<AlgorithmDescriptor> exact = all.stream().filter(s -> s.id().equals(id)).findFirst();
        if (exact.isPresent()) {
            return exact.get();
        }
        List<AlgorithmDescriptor> bySuffix = all.stream().filter(s -> s.id().endsWith("." + id)).toList();
        if (bySuffix.size() == 1) {
            return bySuffix.get(0);
        }
        throw CliException.badData("--method: " + (bySuffix.isEmpty() ? "no clusterer '" + id + "' is installed"
                : "'" + id + "' names several clusterers") + "; installed: "
                + String.join(", ", all.stream().map(AlgorithmDescriptor::id).toList()));
    }

    AlgorithmDescriptor clusterer() {
        return clusterer;
    }

    /** The parameters given (and the view's default kMax for k-means), not the features. */
    Map<String, String> parameters() {
        return parameters;
    }

    NeuronFeatures.Kind features() {
        return features;
    }

    /** Whether the number of clusters was given rather than suggested. */
    boolean kGiven() {
        return kGiven;
    }

    CnnVisRequest request(Run run, int width, int height) {
        CnnVisRequest r = CnnVisRequest.of(run, width, height).withClusterer(clusterer.id(), parameters)
                .withFeatures(features);
        return iteration >= 0 ? r.withIteration(iteration) : r;
    }

    /** The model (exit 2 for data the provider cannot use, 3 when a contributed algorithm broke). */
    static CnnVisModel compute(CnnVisRequest request, IProgressMonitor monitor) throws CliException {
        int problemsBefore = ProviderFailures.problemCount();
        try {
            return new CnnVisProvider().compute(request, monitor);
        } catch (IOException | RuntimeException e) {
            throw ProviderFailures.of(e, problemsBefore);
        }
    }
}
