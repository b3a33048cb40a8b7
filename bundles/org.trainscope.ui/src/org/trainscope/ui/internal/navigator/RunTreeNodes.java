package org.trainscope.ui.internal.navigator;

import java.util.ArrayList;
import java.util.List;

import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/** The tree under a run in the navigator: its graph's layer groups, tensors and metrics. */
public final class RunTreeNodes {
    private RunTreeNodes() {
    }

    /** A labelled group of children under a run. */
    public record Folder(Run run, String label, List<Object> children) {
    }

    /** A layer group of the network graph with its nodes. */
    public record LayerGroup(Run run, String name, List<Node> nodes) {
    }

    public static List<Object> childrenOf(Run run) {
        List<Object> folders = new ArrayList<>();
        List<Object> groups = new ArrayList<>();
        run.graph().layerGroups().forEach((name, ids) -> groups.add(new LayerGroup(run, name,
                ids.stream().map(id -> run.graph().node(id).orElseThrow()).toList())));
        List<Object> ungrouped = new ArrayList<>(
                run.graph().nodes().stream().filter(n -> n.layerGroup().isEmpty()).toList());
        groups.addAll(ungrouped);
        if (!groups.isEmpty()) {
            folders.add(new Folder(run, "Network (" + run.graph().size() + " nodes)", groups));
        }
        List<TensorSeries> tensors = run.tensors();
        if (!tensors.isEmpty()) {
            folders.add(new Folder(run, "Tensors (" + tensors.size() + ")", new ArrayList<>(tensors)));
        }
        List<MetricSeries> metrics = run.metrics();
        if (!metrics.isEmpty()) {
            folders.add(new Folder(run, "Metrics (" + metrics.size() + ")", new ArrayList<>(metrics)));
        }
        return folders;
    }
}
