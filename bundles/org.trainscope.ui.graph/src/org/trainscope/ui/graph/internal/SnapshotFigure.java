package org.trainscope.ui.graph.internal;

import org.trainscope.algorithms.credit.provider.SnapshotLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.MouseEvent;
import org.eclipse.draw2d.MouseListener;
import org.eclipse.draw2d.XYLayout;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.trainscope.algorithms.credit.provider.LayeredLayout;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.SnapshotComparison;
import org.trainscope.core.snapshot.SnapshotGraphModel;

/**
 * The placed snapshot as draw2d figures: group frames at the back, then the edges, then the nodes.
 * Clicks on a node select it, double-clicks open it; a double-click on a group (frame or collapsed
 * box) toggles it.
 */
public final class SnapshotFigure extends Figure {
    private final List<NodeFigure> nodes = new ArrayList<>();
    private final List<GroupFigure> groups = new ArrayList<>();
    private Consumer<NodeFlow> onSelect = n -> {
    };
    private Consumer<NodeFlow> onOpen = n -> {
    };
    private Consumer<String> onToggle = g -> {
    };

    public SnapshotFigure() {
        setLayoutManager(new XYLayout());
        setOpaque(true);
    }

    public void onSelect(Consumer<NodeFlow> c) {
        onSelect = c;
    }

    public void onOpen(Consumer<NodeFlow> c) {
        onOpen = c;
    }

    public void onToggle(Consumer<String> c) {
        onToggle = c;
    }

    public List<NodeFigure> nodeFigures() {
        return List.copyOf(nodes);
    }

    public List<GroupFigure> groupFigures() {
        return List.copyOf(groups);
    }

    /** Replaces the drawing; {@code selected} (a node id, may be null) stays selected. */
    public void show(SnapshotGraphModel model, SnapshotLayout.Placed placed, String selected) {
        show(model, placed, selected, null, false);
    }

    /**
     * Replaces the drawing with {@code model} compared with {@code comparison}'s second run (null:
     * one run): every node present in both runs gets both runs' charts ({@code differenceMode}:
     * their log ratios) and its difference's colour.
     */
    public void show(SnapshotGraphModel model, SnapshotLayout.Placed placed, String selected,
            SnapshotComparison comparison, boolean differenceMode) {
        removeAll();
        nodes.clear();
        groups.clear();
        if (model == null || placed == null) {
            repaint();
            return;
        }
        for (Map.Entry<String, List<String>> e : model.groups().entrySet()) {
            if (placed.collapsed().contains(e.getKey())) {
                continue;
            }
            LayeredLayout.Box b = placed.boxes().get(SnapshotLayout.groupId(e.getKey()));
            boolean abnormal = e.getValue().stream().anyMatch(id -> model.node(id).map(NodeFlow::marked).orElse(false));
            GroupFigure f = new GroupFigure(e.getKey(), e.getValue().size(), abnormal);
            f.addMouseListener(new MouseListener.Stub() {
                @Override
                public void mouseDoubleClicked(MouseEvent me) {
                    onToggle.accept(f.group());
                }
            });
            add(f, rect(b));
            groups.add(f);
        }
        add(new EdgesFigure(placed), new Rectangle(0, 0, (int) Math.ceil(placed.width()),
                (int) Math.ceil(placed.height())));
        for (String group : placed.collapsed()) {
            List<String> members = model.groups().get(group);
            NodeFlow representative = members.stream().map(id -> model.node(id).orElseThrow())
                    .min(Comparator.comparingInt((NodeFlow n) -> n.rank() == 0 ? Integer.MAX_VALUE : n.rank()))
                    .orElseThrow();
            NodeFigure f = new NodeFigure(model, representative, group, members.size());
            addNode(f, placed.boxes().get(SnapshotLayout.groupId(group)));
        }
        for (NodeFlow n : model.nodes()) {
            LayeredLayout.Box b = placed.boxes().get(n.id());
            if (b != null) {
                NodeFigure f = comparison == null ? new NodeFigure(model, n)
                        : new NodeFigure(model, n, comparison.difference(n.id())
                                .map(d -> new NodeFigure.NodeComparison(comparison, d, differenceMode)).orElse(null));
                f.setSelected(n.id().equals(selected));
                addNode(f, b);
            }
        }
        revalidate();
        repaint();
    }

    private void addNode(NodeFigure f, LayeredLayout.Box b) {
        f.addMouseListener(new MouseListener.Stub() {
            @Override
            public void mousePressed(MouseEvent me) {
                if (me.button == 1) {
                    select(f);
                }
            }

            @Override
            public void mouseDoubleClicked(MouseEvent me) {
                if (f.group() != null) {
                    onToggle.accept(f.group());
                } else {
                    onOpen.accept(f.node());
                }
            }
        });
        add(f, rect(b));
        nodes.add(f);
    }

    /** Selects {@code f} as a click does. */
    public void select(NodeFigure f) {
        nodes.forEach(n -> n.setSelected(n == f));
        onSelect.accept(f.node());
    }

    /** Opens {@code f} as a double-click does (a collapsed group expands). */
    public void open(NodeFigure f) {
        if (f.group() != null) {
            onToggle.accept(f.group());
        } else {
            onOpen.accept(f.node());
        }
    }

    private static Rectangle rect(LayeredLayout.Box b) {
        return new Rectangle((int) Math.round(b.x()), (int) Math.round(b.y()), (int) Math.round(b.width()),
                (int) Math.round(b.height()));
    }

    /** The edges, drawn over the group frames and under the nodes; transparent to the mouse. */
    private static final class EdgesFigure extends Figure {
        private static final Color EDGE = new Color(140, 140, 150);
        private final SnapshotLayout.Placed placed;

        EdgesFigure(SnapshotLayout.Placed placed) {
            this.placed = placed;
        }

        @Override
        public boolean containsPoint(int x, int y) {
            return false;
        }

        @Override
        protected void paintFigure(Graphics g) {
            g.setAntialias(SWT.ON);
            g.setForegroundColor(EDGE);
            g.setBackgroundColor(EDGE);
            g.setLineWidth(1);
            for (List<double[]> route : placed.routes()) {
                if (route.size() < 2) {
                    continue;
                }
                int[] points = new int[2 * route.size()];
                for (int i = 0; i < route.size(); i++) {
                    points[2 * i] = (int) Math.round(route.get(i)[0]);
                    points[2 * i + 1] = (int) Math.round(route.get(i)[1]);
                }
                g.drawPolyline(points);
                arrow(g, points);
            }
        }

        private static void arrow(Graphics g, int[] p) {
            int n = p.length;
            double dx = p[n - 2] - p[n - 4];
            double dy = p[n - 1] - p[n - 3];
            double len = Math.hypot(dx, dy);
            if (len < 1) {
                return;
            }
            dx /= len;
            dy /= len;
            int tipX = p[n - 2];
            int tipY = p[n - 1];
            int[] head = { tipX, tipY, (int) Math.round(tipX - 7 * dx - 3.5 * dy),
                    (int) Math.round(tipY - 7 * dy + 3.5 * dx), (int) Math.round(tipX - 7 * dx + 3.5 * dy),
                    (int) Math.round(tipY - 7 * dy - 3.5 * dx) };
            g.fillPolygon(head);
        }
    }
}
