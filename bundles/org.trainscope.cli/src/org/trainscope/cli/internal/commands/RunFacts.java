package org.trainscope.cli.internal.commands;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.core.adapters.AdapterDescriptor;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * What {@code info} says about one run, as text (stable lines, compared in tests) and as JSON
 * (the fields docs/cli.md documents). Cheap: no tensor data is read.
 */
final class RunFacts {
    private RunFacts() {
    }

    static void print(Run run, AdapterDescriptor adapter, PrintStream out) {
        out.println("run:        " + run.name());
        out.println("location:   " + run.location());
        out.println("adapter:    " + adapter.name());
        out.println("model type: " + (run.modelTypeId().isEmpty() ? "(not stated)" : run.modelTypeId()));
        NetworkGraph graph = run.graph();
        out.println("network:    " + graph.size() + " nodes, " + graph.edges().size() + " edges"
                + (graph.layerGroups().isEmpty() ? "" : ", layer groups " + String.join(" > ", graph.layerGroups().keySet())));
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
            out.println("  " + m.name() + "  " + m.size() + " values" + (v.length == 0 ? "" : ", last " + v[v.length - 1])
                    + (bad >= 0 ? ", first non-finite at iteration " + bad : ""));
        }
        if (perNode > 0) {
            out.println("  nonfinite.forward.<node>, nonfinite.backward.<node>  " + perNode + " per-node NaN/Inf counts");
        }
        for (String w : run.warnings()) {
            out.println("warning:    " + w);
        }
        run.recordingStatus().ifPresent(status -> out.println("status:     " + status));
        run.firstNonFiniteOrigin().ifPresent(origin -> out.println("first NaN/Inf: " + origin));
    }

    /** The run as the JSON entry of {@code info --json} (docs/cli.md). */
    static Map<String, Object> json(Path path, Run run, AdapterDescriptor adapter) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", path.toString());
        o.put("name", run.name());
        Map<String, Object> adapterFacts = new LinkedHashMap<>();
        adapterFacts.put("id", adapter.id());
        adapterFacts.put("name", adapter.name());
        o.put("adapter", adapterFacts);
        o.put("modelType", run.modelTypeId());
        o.put("recordingStatus", run.recordingStatus().orElse(null));
        o.put("firstNonFinite", run.firstNonFiniteOrigin().orElse(null));
        NetworkGraph graph = run.graph();
        List<Object> nodes = new ArrayList<>();
        for (String id : graph.topologicalOrder()) {
            Node n = graph.node(id).orElseThrow();
            Map<String, Object> no = new LinkedHashMap<>();
            no.put("id", n.id());
            no.put("label", n.label());
            no.put("kind", n.kind().externalName());
            no.put("operatorType", n.operatorType());
            no.put("layerGroup", n.layerGroup());
            no.put("inputs", List.copyOf(graph.predecessors(id)));
            no.put("attributes", new LinkedHashMap<>(new java.util.TreeMap<>(n.attributes())));
            nodes.add(no);
        }
        o.put("nodes", nodes);
        o.put("layerGroups", List.copyOf(graph.layerGroups().keySet()));
        List<Object> tensors = new ArrayList<>();
        for (TensorSeries t : run.tensors()) {
            Map<String, Object> to = new LinkedHashMap<>();
            long[] its = t.iterations();
            to.put("id", t.id());
            to.put("node", t.nodeId());
            to.put("kind", t.kind().externalName());
            to.put("shape", Arrays.stream(t.shape()).boxed().toList());
            to.put("records", its.length);
            to.put("firstIteration", its.length == 0 ? null : its[0]);
            to.put("lastIteration", its.length == 0 ? null : its[its.length - 1]);
            tensors.add(to);
        }
        o.put("tensors", tensors);
        List<Object> metrics = new ArrayList<>();
        for (MetricSeries m : run.metrics()) {
            Map<String, Object> mo = new LinkedHashMap<>();
            double[] v = m.values();
            long bad = m.firstNonFiniteIteration();
            mo.put("name", m.name());
            mo.put("values", v.length);
            mo.put("last", v.length == 0 ? null : CliJson.number(v[v.length - 1]));
            mo.put("firstNonFiniteIteration", bad < 0 ? null : bad);
            mo.put("perNodeNonFiniteCount", MetricSeries.isPerNodeNonFiniteCount(m.name()));
            metrics.add(mo);
        }
        o.put("metrics", metrics);
        o.put("probeInputs", run.probeInputs().map(p -> {
            Map<String, Object> probe = new LinkedHashMap<>(); // member order is part of the documented output
            probe.put("shape", Arrays.stream(p.shape()).boxed().toList());
            probe.put("labels", run.probeLabels().length > 0);
            return (Object) probe;
        }).orElse(null));
        o.put("warnings", List.copyOf(run.warnings()));
        return o;
    }

    /** The JSON entry of a path that could not be read. */
    static Map<String, Object> failure(Path path, CliException e) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("path", path.toString());
        o.put("error", e.getMessage());
        o.put("exitCode", e.exitCode());
        return o;
    }

    /** "operator 12, random_variable 1 (input: normal), parameter 8": kinds present, random variables named. */
    static String nodeKinds(Run run) {
        List<String> parts = new ArrayList<>();
        for (NodeKind kind : NodeKind.values()) {
            List<Node> nodes = run.graph().nodes().stream().filter(n -> n.kind() == kind).toList();
            if (nodes.isEmpty()) {
                continue;
            }
            String named = kind != NodeKind.RANDOM_VARIABLE ? "" : nodes.stream()
                    .map(n -> n.id() + (n.operatorType().isEmpty() ? "" : ": " + n.operatorType()))
                    .collect(Collectors.joining(", ", " (", ")"));
            parts.add(kind.externalName() + " " + nodes.size() + named);
        }
        return parts.isEmpty() ? "(no nodes)" : String.join(", ", parts);
    }

    /** One line per layer group (and per node outside any group), in data-flow order. */
    private static void printNetwork(NetworkGraph graph, PrintStream out) {
        Map<String, List<String>> groups = graph.layerGroups();
        Set<String> printed = new HashSet<>();
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
        List<String> facts = new ArrayList<>();
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
