package org.trainscope.algorithms.credit.provider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * Lays a {@link CreditGraph} out left to right with ELK's layered algorithm, so every layer of
 * the network forms a column and edges cross as little as possible. No SWT: the caller measures
 * the boxes; the result is plain coordinates, safe to compute in a job. The view and the exported
 * figure ({@link CreditGraphPainter}) both place the graph with it.
 */
public final class CreditGraphLayout {
    /** A laid-out box (top-left corner and size). */
    public record Box(double x, double y, double width, double height) {
    }

    /** Where every node went, and the bend points of every edge (same order as the graph's edges). */
    public record Result(Map<String, Box> boxes, List<List<double[]>> bends, double width, double height) {
    }

    private static boolean registered;

    private CreditGraphLayout() {
    }

    /**
     * The layered algorithm's options are found through the Eclipse extension registry, which
     * ELK may not read in our product (and never does in plain tests), so register them here once.
     */
    private static synchronized void register() {
        if (!registered) {
            LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
            registered = true;
        }
    }

    /** The layout with boxes sized for their text ({@link NodeText#size}) in a font of the given metrics. */
    public static Result layout(CreditGraph graph, double charWidth, double lineHeight) {
        return layout(graph, n -> NodeText.size(n, charWidth, lineHeight));
    }

    /** The layout with boxes of {@code size} (width, height) for each node. */
    public static Result layout(CreditGraph graph, Function<CreditGraph.Node, double[]> size) {
        register();
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 12.0);
        root.setProperty(org.eclipse.elk.alg.layered.options.LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 60.0);
        root.setProperty(CoreOptions.PADDING, new org.eclipse.elk.core.math.ElkPadding(16));
        Map<String, ElkNode> elkNodes = new HashMap<>();
        for (CreditGraph.Node n : graph.nodes()) {
            ElkNode e = ElkGraphUtil.createNode(root);
            double[] wh = size.apply(n);
            e.setDimensions(wh[0], wh[1]);
            e.setIdentifier(n.id());
            elkNodes.put(n.id(), e);
        }
        List<ElkEdge> elkEdges = new ArrayList<>();
        for (CreditGraph.Edge edge : graph.edges()) {
            elkEdges.add(ElkGraphUtil.createSimpleEdge(elkNodes.get(edge.from()), elkNodes.get(edge.to())));
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        Map<String, Box> boxes = new HashMap<>();
        elkNodes.forEach((id, e) -> boxes.put(id, new Box(e.getX(), e.getY(), e.getWidth(), e.getHeight())));
        List<List<double[]>> bends = new ArrayList<>();
        for (ElkEdge e : elkEdges) {
            List<double[]> points = new ArrayList<>();
            for (ElkEdgeSection s : e.getSections()) {
                for (ElkBendPoint b : s.getBendPoints()) {
                    points.add(new double[] { b.getX(), b.getY() });
                }
            }
            bends.add(points);
        }
        return new Result(boxes, bends, root.getWidth(), root.getHeight());
    }
}
