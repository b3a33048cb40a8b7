package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.clustering.provider.ClusterPurity;
import org.trainscope.algorithms.clustering.provider.CnnVisModel;
import org.trainscope.algorithms.clustering.provider.CnnVisRequest;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.algorithms.AlgorithmParameters;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;

/**
 * {@code trainscope-cli cluster}: the neuron clusters of a run's layer groups as the CNNVis view
 * shows them (the same provider, {@code CnnVisProvider}), with each group's cluster purity against
 * the probe inputs' class labels and the redundancy inside its clusters ({@link ClusterPurity}).
 */
public final class ClusterCommand implements ICliCommand {
    /** The picture size the clusters are computed for; it changes only the packed rectangles. */
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 700;
    /** Members listed per cluster in the text output. */
    private static final int TEXT_MEMBERS = 12;

    @Override
    public String usage() {
        return """
                usage: trainscope-cli cluster RUN [--layer-group ID] [--method ID] [--k K] [--param NAME=VALUE]...
                         [--iteration N] [--json]
                  Clusters the neurons of each layer group (a convolution's channels, a dense layer's units) by
                  their activations on the probe inputs, as the CNNVis view does, and prints per group the
                  clusterer, the suggested k and its criterion (when --k is not given), the clusters with their
                  neurons, and the cluster purity against the probe inputs' class labels and the redundancy of
                  the neurons inside clusters (docs/algorithms/cnnvis.md).
                  --layer-group ID   only this group: its first node's id, as the output lists it; exit 2 for
                                     one the run does not have (the message lists them)
                """ + ClusterOptions.USAGE + """
                  --json             {"run", "name", "iteration", "clusterer", "features", "labels", "warnings",
                                     "layerGroups"} (docs/cli.md)
                  Exit 2 for a run without a layer group with recorded probe activations, an unknown group or
                  clusterer; 3 when a clusterer fails.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        List<String> options = new ArrayList<>(ClusterOptions.OPTIONS);
        options.add("--layer-group");
        CliArguments a = CliArguments.parse(args, List.of("--json"), options);
        Path path = Path.of(a.positional(1, 1, "the run").get(0));
        ClusterOptions cluster = ClusterOptions.of(a);
        String only = a.value("--layer-group").orElse(null);
        SubMonitor monitor = SubMonitor.convert(progress, "Clustering the neurons of " + path, 10);
        Map<String, Object> doc;
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            CnnVisRequest request = cluster.request(run, WIDTH, HEIGHT);
            CnnVisModel model = ClusterOptions.compute(request, monitor.split(9));
            List<CnnVisModel.Group> groups = model.groups();
            if (only != null) {
                groups = groups.stream().filter(g -> g.id().equals(only)).toList();
                if (groups.isEmpty()) {
                    throw CliException.badData("the run '" + run.name() + "' has no layer group '" + only
                            + "'; its layer groups: " + model.groups().stream().map(g -> g.id() + " (" + g.label() + ")")
                                    .collect(Collectors.joining(", ")));
                }
            }
            int[] labels = run.probeLabels();
            List<Map<String, Object>> groupDocs = new ArrayList<>();
            for (CnnVisModel.Group g : groups) {
                groupDocs.add(group(run, g, model.purity(g), cluster.kGiven()));
            }
            doc = document(path, model, cluster, labels, groupDocs);
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
        if (a.flag("--json")) {
            CliJson.print(out, doc);
        } else {
            text(out, doc);
        }
        return ExitCode.OK;
    }

    private static Map<String, Object> document(Path path, CnnVisModel model, ClusterOptions cluster, int[] labels,
            List<Map<String, Object>> groups) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run", path.toString());
        o.put("name", model.runName());
        o.put("iteration", model.iteration());
        Map<String, Object> clusterer = new LinkedHashMap<>();
        clusterer.put("id", cluster.clusterer().id());
        clusterer.put("name", cluster.clusterer().name());
        Map<String, String> effective = new LinkedHashMap<>(cluster.parameters());
        effective.put("features", cluster.features().id());
        AlgorithmParameters values = cluster.clusterer().parameters(effective);
        Map<String, Object> parameters = new LinkedHashMap<>();
        cluster.clusterer().parameters().forEach(p -> parameters.put(p.name(),
                values.has(p.name()) ? values.getString(p.name()) : null));
        clusterer.put("parameters", parameters);
        o.put("clusterer", clusterer);
        o.put("features", cluster.features().id());
        boolean labelled = groups.stream().anyMatch(g -> Boolean.TRUE.equals(((Map<?, ?>) g.get("purity")).get("labelled")));
        if (labelled) {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("probeInputs", (long) labels.length);
            l.put("classes", Arrays.stream(labels).distinct().sorted().mapToObj(c -> (Object) (long) c).toList());
            o.put("labels", l);
        } else {
            o.put("labels", null);
        }
        List<Object> warnings = new ArrayList<>(model.warnings());
        if (!labelled) {
            warnings.add("the probe inputs have no class labels: cluster purity is not defined (redundancy is given)");
        }
        for (Map<String, Object> g : groups) {
            if (((Map<?, ?>) g.get("purity")).get("nonFiniteNeurons").equals(g.get("neurons"))) {
                warnings.add(g.get("label") + ": every neuron has NaN/Inf activations at iteration " + model.iteration()
                        + ", so there is no purity or redundancy (an earlier --iteration may have finite ones)");
            }
        }
        o.put("warnings", warnings);
        o.put("layerGroups", new ArrayList<Object>(groups));
        return o;
    }

    private static Map<String, Object> group(Run run, CnnVisModel.Group g, ClusterPurity purity, boolean kGiven) {
        NeuronLayout layout = run.tensors().stream().filter(t -> t.id().equals(g.tensorId())).findFirst()
                .map(t -> NeuronLayout.of(run, t)).orElse(null);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("id", g.id());
        o.put("label", g.label());
        o.put("tensor", g.tensorId());
        o.put("neurons", (long) g.neuronCount());
        o.put("neuronKind", g.unitsPerNeuron() > 1 || layout != null && layout.isSpatial() ? "channel" : "unit");
        o.put("clustering", g.clustering());
        long k = g.clusters().stream().filter(c -> !c.nonFinite()).count();
        o.put("k", k);
        o.put("kGiven", kGiven);
        o.put("suggestedK", kGiven ? null : (Object) k);
        o.put("criterion", kGiven ? null : g.clustering());
        Map<String, Object> scores = new LinkedHashMap<>();
        g.kScores().forEach((kk, s) -> scores.put(Integer.toString(kk), CliJson.number(s)));
        o.put("scoreByK", scores);
        o.put("purity", purity(purity));
        List<Object> clusters = new ArrayList<>();
        for (int i = 0; i < g.clusters().size(); i++) {
            CnnVisModel.Cluster c = g.clusters().get(i);
            ClusterPurity.ClusterFigures f = purity.clusters().get(i);
            Map<String, Object> co = new LinkedHashMap<>();
            co.put("index", (long) c.index());
            co.put("size", (long) c.size());
            co.put("nonFinite", c.nonFinite());
            co.put("members", Arrays.stream(c.members()).mapToObj(m -> (Object) name(layout, g, m)).toList());
            co.put("indices", Arrays.stream(c.members()).mapToObj(m -> (Object) (long) m).toList());
            co.put("majorityClass", f.majorityClass() < 0 ? null : (Object) (long) f.majorityClass());
            co.put("purity", CliJson.number(f.purity()));
            co.put("redundancy", CliJson.number(f.redundancy()));
            co.put("nonFiniteNeurons", (long) f.nonFinite());
            co.put("indifferentNeurons", (long) f.indifferent());
            clusters.add(co);
        }
        o.put("clusters", clusters);
        return o;
    }

    private static Map<String, Object> purity(ClusterPurity p) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("labelled", p.labelled());
        o.put("purity", CliJson.number(p.purity()));
        o.put("chancePurity", CliJson.number(p.chancePurity()));
        o.put("redundancy", CliJson.number(p.redundancy()));
        o.put("groupCorrelation", CliJson.number(p.groupCorrelation()));
        o.put("redundantPairShare", CliJson.number(p.redundantPairShare()));
        o.put("pairs", p.pairs());
        o.put("nonFiniteNeurons", (long) p.nonFiniteNeurons());
        o.put("indifferentNeurons", (long) p.indifferentNeurons());
        o.put("constantNeurons", (long) p.constantNeurons());
        return o;
    }

    /** "channel 3" or "unit 17", as NeuronLayout names them. */
    private static String name(NeuronLayout layout, CnnVisModel.Group g, int neuron) {
        if (layout == null) {
            return (g.unitsPerNeuron() > 1 ? "channel " : "unit ") + neuron;
        }
        return layout.isSpatial() ? layout.describeChannel(neuron) : layout.describeUnit(neuron);
    }

    private static void text(PrintStream out, Map<String, Object> doc) {
        Map<?, ?> clusterer = (Map<?, ?>) doc.get("clusterer");
        out.println(doc.get("name") + " at iteration " + doc.get("iteration") + ": " + clusterer.get("name") + " "
                + clusterer.get("parameters"));
        Map<?, ?> labels = (Map<?, ?>) doc.get("labels");
        if (labels != null) {
            out.println("probe inputs: " + labels.get("probeInputs") + " of " + ((List<?>) labels.get("classes")).size()
                    + " classes");
        }
        for (Object w : (List<?>) doc.get("warnings")) {
            out.println("warning: " + w);
        }
        for (Object o : (List<?>) doc.get("layerGroups")) {
            Map<?, ?> g = (Map<?, ?>) o;
            Map<?, ?> p = (Map<?, ?>) g.get("purity");
            out.println();
            out.println(g.get("label") + " [" + g.get("id") + "]: " + g.get("neurons") + " " + g.get("neuronKind")
                    + "s in " + ((List<?>) g.get("clusters")).size() + " clusters (" + g.get("clustering") + ")");
            out.println(String.format(Locale.ROOT,
                    "  purity %s (chance %s), redundancy %s (all pairs %s, %s of pairs r >= %.1f); %s non-finite, %s"
                            + " indifferent, %s constant neurons",
                    f(p.get("purity")), f(p.get("chancePurity")), f(p.get("redundancy")), f(p.get("groupCorrelation")),
                    f(p.get("redundantPairShare")), ClusterPurity.REDUNDANT, p.get("nonFiniteNeurons"),
                    p.get("indifferentNeurons"), p.get("constantNeurons")));
            for (Object co : (List<?>) g.get("clusters")) {
                Map<?, ?> c = (Map<?, ?>) co;
                List<?> members = (List<?>) c.get("members");
                String list = members.stream().limit(TEXT_MEMBERS).map(Object::toString).collect(Collectors.joining(", "))
                        + (members.size() > TEXT_MEMBERS ? ", …" : "");
                out.println(String.format(Locale.ROOT, "  #%s %4s neurons%s  class %s  purity %s  redundancy %s  %s",
                        c.get("index"), c.get("size"), Boolean.TRUE.equals(c.get("nonFinite")) ? " (NaN/Inf)" : "",
                        c.get("majorityClass") == null ? "-" : c.get("majorityClass"), f(c.get("purity")),
                        f(c.get("redundancy")), list));
            }
        }
    }

    private static String f(Object v) {
        return v instanceof Double d ? String.format(Locale.ROOT, "%.3f", d) : String.valueOf(v);
    }
}
