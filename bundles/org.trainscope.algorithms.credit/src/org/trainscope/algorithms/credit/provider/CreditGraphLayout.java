package org.trainscope.algorithms.credit.provider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Lays a {@link CreditGraph} out left to right with ELK's layered algorithm ({@link LayeredLayout}),
 * so every layer of the network forms a column and edges cross as little as possible. No SWT: the
 * caller measures the boxes; the result is plain coordinates, safe to compute in a job. The view
 * and the exported figure ({@link CreditGraphPainter}) both place the graph with it.
 */
public final class CreditGraphLayout {
    /** A laid-out box (top-left corner and size). */
    public record Box(double x, double y, double width, double height) {
    }

    /** Where every node went, and the bend points of every edge (same order as the graph's edges). */
    public record Result(Map<String, Box> boxes, List<List<double[]>> bends, double width, double height) {
    }

    private static final LayeredLayout.Options OPTIONS = new LayeredLayout.Options(12, 60, 16, 0, 0);

    private CreditGraphLayout() {
    }

    /** The layout with boxes sized for their text ({@link NodeText#size}) in a font of the given metrics. */
    public static Result layout(CreditGraph graph, double charWidth, double lineHeight) {
        return layout(graph, n -> NodeText.size(n, charWidth, lineHeight));
    }

    /** The layout with boxes of {@code size} (width, height) for each node. */
    public static Result layout(CreditGraph graph, Function<CreditGraph.Node, double[]> size) {
        List<LayeredLayout.Item> items = new ArrayList<>();
        for (CreditGraph.Node n : graph.nodes()) {
            double[] wh = size.apply(n);
            items.add(new LayeredLayout.Item(n.id(), null, wh[0], wh[1]));
        }
        List<LayeredLayout.Link> links = graph.edges().stream()
                .map(e -> new LayeredLayout.Link(e.from(), e.to())).toList();
        LayeredLayout.Result laid = LayeredLayout.layout(items, links, OPTIONS);
        Map<String, Box> boxes = new HashMap<>();
        laid.boxes().forEach((id, b) -> boxes.put(id, new Box(b.x(), b.y(), b.width(), b.height())));
        List<List<double[]>> bends = new ArrayList<>();
        for (List<double[]> route : laid.routes()) {
            // the route runs from the source's side to the target's; the figures draw from box to box
            bends.add(route.size() <= 2 ? List.of() : List.copyOf(route.subList(1, route.size() - 1)));
        }
        return new Result(boxes, bends, laid.width(), laid.height());
    }
}
