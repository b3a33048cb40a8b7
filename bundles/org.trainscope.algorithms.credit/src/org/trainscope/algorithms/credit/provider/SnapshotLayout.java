package org.trainscope.algorithms.credit.provider;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.SnapshotGraphModel;
import org.trainscope.core.snapshot.SnapshotPainter;

/**
 * Places a {@link SnapshotGraphModel} with the product's ELK layered set-up ({@link LayeredLayout}):
 * an expanded layer group is a compound box around its nodes, a collapsed one a single box that
 * stands for all of them (edges to its members end on it). No SWT; computed in the view's job and
 * by {@code trainscope-cli export --view snapshot} ({@link SnapshotPainter} draws it to a file).
 */
public final class SnapshotLayout {
    /** The box id of a layer group ("group:encoder"), distinct from every node id. */
    public static String groupId(String group) {
        return "group:" + group;
    }

    public static final double OPERATOR_WIDTH = 150;
    public static final double OPERATOR_HEIGHT = 86;
    public static final double VARIABLE_WIDTH = 172;
    public static final double VARIABLE_HEIGHT = 104;
    public static final double PARAMETER_WIDTH = 104;
    public static final double PARAMETER_HEIGHT = 52;
    public static final double GROUP_HEADER = 20;
    private static final LayeredLayout.Options OPTIONS = new LayeredLayout.Options(12, 30, 10, GROUP_HEADER + 4, 8);

    /**
     * The placed drawing.
     *
     * @param boxes every drawn box by id: node ids, and {@link #groupId} of every group (expanded or collapsed)
     * @param edges the drawn edges between box ids (collapsed members replaced by their group), without duplicates
     * @param routes each drawn edge's route (start, bends, end)
     * @param collapsed the groups drawn collapsed
     */
    public record Placed(Map<String, LayeredLayout.Box> boxes, List<NetworkGraph.Edge> edges,
            List<List<double[]>> routes, Set<String> collapsed, double width, double height) {

        /** The placement as {@link SnapshotPainter} takes it (core has no ELK). */
        public SnapshotPainter.Drawing drawing() {
            Map<String, double[]> b = new java.util.LinkedHashMap<>();
            boxes.forEach((id, x) -> b.put(id, new double[] { x.x(), x.y(), x.width(), x.height() }));
            return new SnapshotPainter.Drawing(b, routes, collapsed, width, height);
        }
    }

    private SnapshotLayout() {
    }

    public static Placed place(SnapshotGraphModel model, Set<String> collapsed) {
        List<LayeredLayout.Item> items = new ArrayList<>();
        Set<String> shownCollapsed = new LinkedHashSet<>();
        for (String group : model.groups().keySet()) {
            boolean closed = collapsed.contains(group);
            if (closed) {
                shownCollapsed.add(group);
                items.add(new LayeredLayout.Item(groupId(group), null, OPERATOR_WIDTH, OPERATOR_HEIGHT));
            } else {
                items.add(new LayeredLayout.Item(groupId(group), null, 0, 0)); // sized around its nodes
            }
        }
        for (NodeFlow n : model.nodes()) {
            String group = n.node().layerGroup();
            if (shownCollapsed.contains(group)) {
                continue;
            }
            double[] size = size(n.node().kind());
            items.add(new LayeredLayout.Item(n.id(), group.isEmpty() ? null : groupId(group), size[0], size[1]));
        }
        Set<NetworkGraph.Edge> edges = new LinkedHashSet<>();
        for (NetworkGraph.Edge e : model.edges()) {
            String from = box(model, e.from(), shownCollapsed);
            String to = box(model, e.to(), shownCollapsed);
            if (!from.equals(to)) {
                edges.add(new NetworkGraph.Edge(from, to));
            }
        }
        List<NetworkGraph.Edge> drawn = List.copyOf(edges);
        LayeredLayout.Result r = LayeredLayout.layout(items,
                drawn.stream().map(e -> new LayeredLayout.Link(e.from(), e.to())).toList(), OPTIONS);
        return new Placed(r.boxes(), drawn, r.routes(), Set.copyOf(shownCollapsed), r.width(), r.height());
    }

    /** The box a node is drawn in: its own, or its collapsed group's. */
    private static String box(SnapshotGraphModel model, String id, Set<String> collapsed) {
        String group = model.groupOf(id);
        return collapsed.contains(group) ? groupId(group) : id;
    }

    /** Operators are boxes, random variables larger ellipses, parameters small. */
    public static double[] size(NodeKind kind) {
        return switch (kind) {
        case OPERATOR -> new double[] { OPERATOR_WIDTH, OPERATOR_HEIGHT };
        case RANDOM_VARIABLE -> new double[] { VARIABLE_WIDTH, VARIABLE_HEIGHT };
        case PARAMETER -> new double[] { PARAMETER_WIDTH, PARAMETER_HEIGHT };
        };
    }
}
