package org.trainscope.algorithms.clustering.provider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.trainscope.algorithms.clustering.Rect;

/**
 * The boxes of CNNVis's layer groups: the groups are a DAG (data flows left to right), laid out by
 * ELK's layered algorithm as the Neuron Credit view's graph is ({@code CreditGraphLayout}), so a
 * branching network (a skip connection, two inputs merged) puts parallel groups in one column
 * ordered to cross few links. ELK decides the columns and the order within each column; the
 * picture is then filled: columns of equal width spread over the width (the gaps between them
 * hold the bundles), the groups of a column sharing its height. A chain of groups is one group
 * per column, full height. No SWT; plain coordinates.
 */
public final class GroupLayout {
    /** Pixels between two groups of one column. */
    static final double COLUMN_GAP = 24;
    private static boolean registered;

    private GroupLayout() {
    }

    /** The layered algorithm's options are found through the extension registry, which plain tests lack. */
    private static synchronized void register() {
        if (!registered) {
            LayoutMetaDataService.getInstance().registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
            registered = true;
        }
    }

    /**
     * The boxes of {@code n} groups joined by {@code edges} (pairs {from, to}, from earlier in the
     * data flow) in a picture of {@code width} x {@code height}, leaving {@code header} pixels above
     * and {@code footer} below every box.
     */
    public static Rect[] boxes(int n, List<int[]> edges, int width, int height, int header, int footer) {
        int[] column = new int[n];
        double[] order = new double[n];
        layered(n, edges, column, order);
        TreeMap<Integer, List<Integer>> columns = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            columns.computeIfAbsent(column[i], c -> new ArrayList<>()).add(i);
        }
        int columnCount = columns.size();
        double margin = 8;
        double slot = (width - 2 * margin) / columnCount;
        double boxWidth = columnCount == 1 ? slot : slot * 0.6;
        double step = columnCount == 1 ? 0 : (width - 2 * margin - boxWidth) / (columnCount - 1);
        Rect[] boxes = new Rect[n];
        int c = 0;
        for (List<Integer> members : columns.values()) {
            members.sort(Comparator.comparingDouble((Integer i) -> order[i]).thenComparingInt(i -> i));
            int m = members.size();
            double each = (height - m * (header + footer) - (m - 1) * COLUMN_GAP) / m;
            double boxHeight = Math.max(20, each);
            double y = header;
            for (int i : members) {
                boxes[i] = new Rect(margin + c * step, y, boxWidth, boxHeight);
                y += boxHeight + footer + COLUMN_GAP + header;
            }
            c++;
        }
        return boxes;
    }

    /** ELK layered, left to right: the column (layer) and the position within it of every group. */
    private static void layered(int n, List<int[]> edges, int[] column, double[] order) {
        register();
        ElkNode root = ElkGraphUtil.createGraph();
        root.setProperty(CoreOptions.ALGORITHM, "org.eclipse.elk.layered");
        root.setProperty(CoreOptions.DIRECTION, Direction.RIGHT);
        root.setProperty(CoreOptions.SPACING_NODE_NODE, 10.0);
        root.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 40.0);
        List<ElkNode> nodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ElkNode node = ElkGraphUtil.createNode(root);
            node.setDimensions(100, 100); // equal sizes: only the columns and the order are used
            node.setIdentifier("g" + i);
            nodes.add(node);
        }
        for (int[] e : edges) {
            ElkGraphUtil.createSimpleEdge(nodes.get(e[0]), nodes.get(e[1]));
        }
        new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
        // ELK's x positions are the layers: number them in order
        TreeMap<Long, Integer> layers = new TreeMap<>();
        for (ElkNode node : nodes) {
            layers.put(Math.round(node.getX()), 0);
        }
        int k = 0;
        for (Long x : layers.keySet()) {
            layers.put(x, k++);
        }
        for (int i = 0; i < n; i++) {
            column[i] = layers.get(Math.round(nodes.get(i).getX()));
            order[i] = nodes.get(i).getY();
        }
    }
}
