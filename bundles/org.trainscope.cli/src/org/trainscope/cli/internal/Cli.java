package org.trainscope.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.core.adapters.AdapterChoice;
import org.trainscope.core.adapters.AdapterDescriptor;
import org.trainscope.core.adapters.AdapterFailureException;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.ParameterDescriptor;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.registry.ContributionProblems;

/**
 * The commands of {@code trainscope-cli}. Exit codes: 0 done, 1 usage, 2 the data could not be
 * read (the message names the file and the problem), 3 a plug-in failed.
 */
public final class Cli {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int BAD_DATA = 2;
    public static final int PLUGIN_FAILED = 3;

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The usage of each command, printed by {@code COMMAND --help} and {@code help COMMAND}. */
    private static final Map<String, String> COMMANDS = commands();

    private static Map<String, String> commands() {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("info", """
                usage: trainscope-cli info PATH...
                  Opens each run (trace folder, ONNX model, TensorBoard event file or folder, npy/npz) with
                  the adapter that reads it best and prints a summary: the network by layer groups in
                  data-flow order, the tensors, the metrics and the first iteration where one turns NaN/Inf.
                  Exit 2 when a file cannot be read (the message names it), 3 when a plug-in fails.""");
        c.put("adapters", """
                usage: trainscope-cli adapters
                  Lists the installed data adapters: id, name, file patterns, whether they read folders.""");
        c.put("algorithms", """
                usage: trainscope-cli algorithms
                  Lists the installed algorithms (samplers, credit assignment) and their parameters.""");
        c.put("record-demo", RecordDemoCommand.USAGE);
        return Collections.unmodifiableMap(c);
    }

    public int run(String... args) {
        if (args.length == 0 || HELP.contains(args[0])) {
            usage(out);
            return args.length == 0 ? USAGE : OK;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (args[0].equals("help")) {
            return help(rest);
        }
        if (COMMANDS.containsKey(args[0]) && Arrays.stream(rest).anyMatch(HELP::contains)) {
            out.println(COMMANDS.get(args[0]));
            return OK;
        }
        return switch (args[0]) {
            case "info" -> info(rest);
            case "adapters" -> adapters();
            case "algorithms" -> algorithms();
            case "record-demo" -> new RecordDemoCommand(out, err).run(rest);
            default -> {
                err.println("trainscope-cli: unknown command '" + args[0] + "'");
                usage(err);
                yield USAGE;
            }
        };
    }

    private static final List<String> HELP = List.of("-h", "--help");

    private static void usage(PrintStream s) {
        s.println("usage: trainscope-cli COMMAND [ARGS]");
        s.println("  info PATH...     open each run (trace folder, ONNX, TensorBoard events, npy/npz) and summarise it");
        s.println("  adapters         list the installed data adapters");
        s.println("  algorithms       list the installed algorithms and their parameters");
        s.println("  record-demo [--kind ID|all] [--train N] [--data DIR] OUTDIR");
        s.println("                   train and record the Fashion-MNIST demo runs with DL4J (deterministic, seed 42)");
        s.println("  help COMMAND     explain a command (also: COMMAND --help)");
    }

    private int help(String[] rest) {
        if (rest.length == 0) {
            usage(out);
            return OK;
        }
        String usage = COMMANDS.get(rest[0]);
        if (usage == null) {
            err.println("trainscope-cli help: unknown command '" + rest[0] + "'");
            usage(err);
            return USAGE;
        }
        out.println(usage);
        return OK;
    }

    private int info(String[] paths) {
        if (paths.length == 0) {
            err.println("trainscope-cli info: give at least one file or folder");
            return USAGE;
        }
        int worst = OK;
        for (String p : paths) {
            worst = Math.max(worst, infoOne(Path.of(p)));
        }
        if (!ContributionProblems.getDefault().all().isEmpty()) {
            ContributionProblems.getDefault().all().forEach(problem -> err.println("warning: " + problem.describe()));
        }
        return worst;
    }

    private int infoOne(Path path) {
        AdapterChoice choice = AdapterManager.getInstance().choose(path);
        AdapterDescriptor adapter = choice.best().orElse(null);
        if (adapter == null) {
            List<Path> traces = tracesInFolder(path);
            if (!traces.isEmpty()) {
                return TraceFacts.printFolder(path, traces, out) ? OK : BAD_DATA;
            }
            err.println(choice.explainNoneApplies());
            return BAD_DATA;
        }
        try (Run run = adapter.open(path, new NullProgressMonitor())) {
            RunReport.print(run, adapter, out);
            run.recordingStatus().ifPresent(status -> out.println("status:     " + status));
            run.firstNonFiniteOrigin().ifPresent(origin -> out.println("first NaN/Inf: " + origin));
            return OK;
        } catch (AdapterFailureException e) {
            err.println("trainscope-cli: " + e.getMessage());
            return PLUGIN_FAILED;
        } catch (IOException e) {
            err.println("trainscope-cli: cannot read " + path + ": " + e.getMessage());
            return BAD_DATA;
        }
    }

    /** The traces below a folder no adapter reads (a GAN recorded as several traces); empty otherwise. */
    private List<Path> tracesInFolder(Path path) {
        if (!java.nio.file.Files.isDirectory(path)) {
            return List.of();
        }
        try {
            return TraceFacts.tracesIn(path);
        } catch (IOException e) {
            return List.of();
        }
    }

    private int adapters() {
        for (AdapterDescriptor a : AdapterManager.getInstance().adapters()) {
            out.println(a.id() + "\t" + a.name() + "\t" + (a.filePatterns().isEmpty() ? "*" : String.join(",",
                    a.filePatterns())) + (a.acceptsFolders() ? "\tfolders" : ""));
        }
        return OK;
    }

    private int algorithms() {
        for (AlgorithmDescriptor a : AlgorithmManager.getInstance().algorithms()) {
            out.println(a.kind() + "\t" + a.id() + "\t" + a.name() + " (version " + a.version() + ")");
            for (ParameterDescriptor p : a.parameters()) {
                out.println("\t" + p.name() + " : " + p.type().name().toLowerCase(java.util.Locale.ROOT)
                        + (p.defaultValue() == null ? "" : " = " + p.defaultValue()));
            }
        }
        return OK;
    }

    /** The textual summary of a run; stable, so it can be compared in regression tests. */
    static final class RunReport {
        private RunReport() {
        }

        static void print(Run run, AdapterDescriptor adapter, PrintStream out) {
            out.println("run:        " + run.name());
            out.println("location:   " + run.location());
            out.println("adapter:    " + adapter.name());
            out.println("model type: " + (run.modelTypeId().isEmpty() ? "(not stated)" : run.modelTypeId()));
            NetworkGraph graph = run.graph();
            out.println("network:    " + graph.size() + " nodes, " + graph.edges().size() + " edges"
                    + (graph.layerGroups().isEmpty() ? ""
                            : ", layer groups " + String.join(" > ", graph.layerGroups().keySet())));
            out.println("node kinds: " + nodeKinds(run));
            printNetwork(graph, out);
            out.println("tensors:    " + run.tensors().size());
            for (TensorSeries t : run.tensors()) {
                out.println("  " + t.id() + "  " + t.kind().externalName() + " " + Arrays.toString(t.shape()) + " x "
                        + t.iterationCount() + " records");
            }
            out.println("metrics:    " + run.metrics().size());
            long perNode = run.metrics().stream().filter(m -> MetricSeries.isPerNodeNonFiniteCount(m.name())).count();
            for (MetricSeries m : run.metrics()) {
                if (MetricSeries.isPerNodeNonFiniteCount(m.name())) {
                    continue; // dozens of them; the first NaN/Inf line says what they tell
                }
                double[] v = m.values();
                long bad = m.firstNonFiniteIteration();
                out.println("  " + m.name() + "  " + m.size() + " values" + (v.length == 0 ? ""
                        : ", last " + v[v.length - 1]) + (bad >= 0 ? ", first non-finite at iteration " + bad : ""));
            }
            if (perNode > 0) {
                out.println("  nonfinite.forward.<node>, nonfinite.backward.<node>  " + perNode + " per-node NaN/Inf counts");
            }
            for (String w : run.warnings()) {
                out.println("warning:    " + w);
            }
        }

        /** "operator 12, random_variable 1 (input: normal), parameter 8": kinds present, random variables named. */
        static String nodeKinds(Run run) {
            List<String> parts = new java.util.ArrayList<>();
            for (NodeKind kind : NodeKind.values()) {
                List<Node> nodes = run.graph().nodes().stream().filter(n -> n.kind() == kind).toList();
                if (nodes.isEmpty()) {
                    continue;
                }
                String named = kind != NodeKind.RANDOM_VARIABLE ? "" : nodes.stream()
                        .map(n -> n.id() + (n.operatorType().isEmpty() ? "" : ": " + n.operatorType()))
                        .collect(java.util.stream.Collectors.joining(", ", " (", ")"));
                parts.add(kind.externalName() + " " + nodes.size() + named);
            }
            return parts.isEmpty() ? "(no nodes)" : String.join(", ", parts);
        }

        /** One line per layer group (and per node outside any group), in data-flow order. */
        private static void printNetwork(NetworkGraph graph, PrintStream out) {
            Map<String, List<String>> groups = graph.layerGroups();
            java.util.Set<String> printed = new java.util.HashSet<>();
            for (String id : graph.topologicalOrder()) {
                Node node = graph.node(id).orElseThrow();
                String group = node.layerGroup();
                if (group.isEmpty()) {
                    out.println("  " + describe(node));
                } else if (printed.add(group)) {
                    out.println("  " + group + ": " + groups.get(group).stream()
                            .map(n -> describe(graph.node(n).orElseThrow())).collect(Collectors.joining(", ")));
                }
            }
        }

        /** "conv2d0 (conv2d, also layer0)", "z (random variable, normal)", "conv2d0.W (parameter)". */
        private static String describe(Node node) {
            List<String> facts = new java.util.ArrayList<>();
            if (node.kind() != NodeKind.OPERATOR) {
                facts.add(node.kind().externalName().replace('_', ' '));
            }
            if (!node.operatorType().isEmpty() && !node.operatorType().equals(NodeNames.name(node))) {
                facts.add(node.operatorType()); // not "input (input)"
            }
            NodeNames.alias(node).ifPresent(a -> facts.add("also " + a));
            return NodeNames.name(node) + (facts.isEmpty() ? "" : " (" + String.join(", ", facts) + ")");
        }
    }

}
