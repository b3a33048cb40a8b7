package org.trainscope.algorithms.credit.provider;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.EdgeRouting;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkBendPoint;
import org.eclipse.elk.graph.ElkEdge;
import org.eclipse.elk.graph.ElkEdgeSection;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;

/**
 * The one ELK layered set-up of the product: a directed graph of boxes, optionally nested in
 * compound boxes (layer groups), laid out in layers left to right with few edge crossings. Plain
 * coordinates out, no SWT, safe in a job. {@link CreditGraphLayout} (Neuron Credit) and the
 * Snapshot view's graph place their nodes with it.
 */
public final class LayeredLayout {
    /** A box to place: {@code parent} names the compound box it sits in, or is null at the top level. */
    public record Item(String id, String parent, double width, double height) {
    }

    /** A data-flow edge between two items (never from or to a compound box that holds the other end). */
    public record Link(String from, String to) {
    }

    /**
     * @param nodeSpacing gap between boxes of one layer
     * @param layerSpacing gap between layers
     * @param padding around the whole drawing
     * @param compoundTop space above the children of a compound box (its header)
     * @param compoundSide space left, right and below the children of a compound box
     */
    public record Options(double nodeSpacing, double layerSpacing, double padding, double compoundTop,
            double compoundSide) {
    }

    /** A laid-out box (top-left corner and size), in the drawing's coordinates. */
    public record Box(double x, double y, double width, double height) {
    }

    /**
     * Where every item went (compound boxes sized around their children), and every link's route
     * (start, bend points, end; same order as the links), all in the drawing's coordinates.
     */
    public record Result(Map<String, Box> boxes, List<List<double[]>> routes, double width, double height) {
    }

    private static boolean registered;

    private LayeredLayout() {
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

    /**
     * Lays {@code items} out; a parent must come before its children in the list. Edges between
     * different compound boxes are routed across them (ELK's INCLUDE_CHILDREN hierarchy handling).
     */
    public static Result layout(List<Item> items, List<Link> links, Options options) {
        register();
        ElkNode root = ElkGraphUtil.createGraph();
        configure(root, options);
        root.setProperty(CoreOptions.PADDING, new ElkPadding(options.padding()));
        boolean nested = items.stream().anyMatch(i -> i.parent() != null);
        if (nested) {
            root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
        }
        Map<String, ElkNode> elkNodes = new LinkedHashMap<>();
        java.util.Set<ElkNode> compounds = new java.util.HashSet<>();
        for (Item item : items) {
            ElkNode parent = item.parent() == null ? root : elkNodes.get(item.parent());
            if (parent == null) {
                throw new IllegalArgumentException("item " + item.id() + " names the unknown parent " + item.parent());
            }
            if (parent != root && compounds.add(parent)) {
                configure(parent, options);
                parent.setProperty(CoreOptions.PADDING, compoundPadding(options));
            }
            ElkNode e = ElkGraphUtil.createNode(parent);
            e.setDimensions(item.width(), item.height());
            e.setIdentifier(item.id());
            if (elkNodes.put(item.id(), e) != null) {
                throw new IllegalArgumentException("duplicate item " + item.id());
            }
        }
        List<ElkEdge> elkEdges = new ArrayList<>();
        for (Link link : links) {
            ElkNode from = elkNodes.get(link.from());
            ElkNode to = elkNodes.get(link.to());
            if (from == null || to == null) {
                throw new IllegalArgumentException("link " + link.from() + " -> " + link.to() + " names an unknown item");
            }
            elkEdges.add(ElkGraphUtil.createSimpleEdge(from, to));
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());

        Map<String, Box> boxes = new HashMap<>();
        elkNodes.forEach((id, e) -> {
            double[] origin = origin(e.getParent(), root);
            boxes.put(id, new Box(origin[0] + e.getX(), origin[1] + e.getY(), e.getWidth(), e.getHeight()));
        });
        List<List<double[]>> routes = new ArrayList<>();
        for (ElkEdge e : elkEdges) {
            // ELK gives an edge's points relative to the node that contains the edge
            double[] origin = origin(e.getContainingNode(), root);
            List<double[]> points = new ArrayList<>();
            for (ElkEdgeSection s : e.getSections()) {
                points.add(new double[] { origin[0] + s.getStartX(), origin[1] + s.getStartY() });
                for (ElkBendPoint b : s.getBendPoints()) {
                    points.add(new double[] { origin[0] + b.getX(), origin[1] + b.getY() });
                }
                points.add(new double[] { origin[0] + s.getEndX(), origin[1] + s.getEndY() });
            }
            routes.add(points);
        }
        return new Result(boxes, routes, root.getWidth(), root.getHeight());
    }

    private static void configure(ElkNode graph, Options options) {
        graph.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        graph.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        graph.setProperty(CoreOptions.EDGE_ROUTING, EdgeRouting.POLYLINE);
        graph.setProperty(CoreOptions.SPACING_NODE_NODE, options.nodeSpacing());
        graph.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, options.layerSpacing());
    }

    private static ElkPadding compoundPadding(Options options) {
        return new ElkPadding(options.compoundTop(), options.compoundSide(), options.compoundSide(),
                options.compoundSide());
    }

    /** The drawing coordinates of the top-left corner of {@code node}'s inside. */
    private static double[] origin(ElkNode node, ElkNode root) {
        double x = 0;
        double y = 0;
        for (ElkNode n = node; n != null && n != root; n = n.getParent()) {
            x += n.getX();
            y += n.getY();
        }
        return new double[] { x, y };
    }
}
