package org.trainscope.ui.graph.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.draw2d.ColorConstants;
import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.NodeNames;
import org.trainscope.core.snapshot.AbnormalityScore;
import org.trainscope.core.snapshot.FlowSeries;
import org.trainscope.core.snapshot.NodeDifference;
import org.trainscope.core.snapshot.NodeFlow;
import org.trainscope.core.snapshot.RecordStats;
import org.trainscope.core.snapshot.SnapshotComparison;
import org.trainscope.core.snapshot.SnapshotGraphModel;

/**
 * One node of the snapshot (or a collapsed layer group standing for its nodes): operators are
 * boxes, random variables dashed ellipses (as DGMTracker draws a generative model's sampled
 * variables), parameters small boxes; its data-flow chart inside; a marked node gets a red frame
 * and a badge with its rank and score.
 */
public final class NodeFigure extends Figure {
    public static final Color MARK = new Color(215, 48, 31);
    private static final Color SELECTED = new Color(230, 120, 0);
    private static final Color OPERATOR_FILL = new Color(250, 250, 252);
    private static final Color VARIABLE_FILL = new Color(255, 250, 238);
    private static final Color PARAMETER_FILL = new Color(242, 244, 247);
    private static final Color COLLAPSED_FILL = new Color(232, 236, 245);
    private static final Color BORDER = new Color(120, 120, 130);

    private final SnapshotGraphModel model;
    /** The node shown, or (collapsed group) its most abnormal member. */
    private final NodeFlow node;
    private final String group;
    private final int members;
    private boolean selected;
    /** When two runs are compared: how this node compares, else null. */
    private NodeComparison comparison;

    /** How a node compares with the other run's node of the same id. */
    public record NodeComparison(SnapshotComparison comparison, NodeDifference difference, boolean differenceMode) {
        /** Rank among the compared nodes, 1 = differs most. */
        int rank() {
            return comparison.ranking().indexOf(difference.nodeId()) + 1;
        }

        boolean marked() {
            int rank = rank();
            return rank > 0 && rank <= SnapshotComparison.MARKED && difference.score() >= SnapshotComparison.MARK_THRESHOLD;
        }

        FlowSeries series(SnapshotGraphModel model, String tensorId) {
            return model.node(difference.nodeId()).flatMap(n -> n.series().stream()
                    .filter(s -> s.tensorId().equals(tensorId)).findFirst()).orElse(null);
        }
    }

    /** A node's figure. */
    public NodeFigure(SnapshotGraphModel model, NodeFlow node) {
        this(model, node, null, 1);
    }

    /** A node's figure when two runs are compared ({@code c} null: the node is only in the first run). */
    public NodeFigure(SnapshotGraphModel model, NodeFlow node, NodeComparison c) {
        this(model, node, null, 1);
        comparison = c;
        setToolTip(new Label(tooltip()));
    }

    public NodeComparison comparison() {
        return comparison;
    }

    /**
     * The fill that codes a difference: white when the runs agree, deepening to blue when the
     * first run's mean |value| is larger, to orange when the second's is, saturated at 2 decades
     * (×100); NaN/Inf in one run only: full colour.
     */
    public static Color differenceFill(NodeDifference d) {
        if (d == null || !d.compared()) {
            return null;
        }
        double sign = d.currentLogMeanAbsRatio();
        double t = d.score() >= AbnormalityScore.NON_FINITE ? 1 : Math.min(1, d.score() / 2);
        Color c = Double.isNaN(sign) || sign >= 0 ? FlowChart.VALUES : FlowChart.OTHER;
        double w = 0.12 + 0.5 * t;
        if (d.score() < 0.05) {
            w = 0;
        }
        return new Color((int) Math.round(255 * (1 - w) + c.getRed() * w), (int) Math.round(255 * (1 - w) + c.getGreen() * w),
                (int) Math.round(255 * (1 - w) + c.getBlue() * w));
    }

    /** A collapsed group's figure, showing {@code representative}'s chart. */
    public NodeFigure(SnapshotGraphModel model, NodeFlow representative, String group, int members) {
        this.model = model;
        this.node = representative;
        this.group = group;
        this.members = members;
        setToolTip(new Label(tooltip()));
    }

    public NodeFlow node() {
        return node;
    }

    /** The collapsed group this figure stands for, or null for a node. */
    public String group() {
        return group;
    }

    public boolean isSelected() {
        return selected;
    }

    public void setSelected(boolean s) {
        selected = s;
        repaint();
    }

    private NodeKind kind() {
        return group != null ? NodeKind.OPERATOR : node.node().kind();
    }

    private String title() {
        return group != null ? "▸ " + group + " (" + members + ")" : NodeNames.name(node.node());
    }

    @Override
    protected void paintFigure(Graphics g) {
        g.setAntialias(SWT.ON);
        Rectangle r = getBounds().getCopy();
        r.width -= 1;
        r.height -= 1;
        boolean marked = comparison != null ? comparison.marked() : node != null && node.marked();
        Color border = selected ? SELECTED : marked ? MARK : BORDER;
        int width = selected || marked ? 3 : 1;
        Rectangle chart;
        Rectangle titleRow;
        Color fill = comparison != null ? differenceFill(comparison.difference()) : null;
        if (kind() == NodeKind.RANDOM_VARIABLE) {
            g.setBackgroundColor(fill != null ? fill : VARIABLE_FILL);
            g.fillOval(r);
            g.setForegroundColor(border);
            g.setLineWidth(width);
            g.setLineStyle(SWT.LINE_DASH);
            g.drawOval(r.getCopy().shrink(width / 2, width / 2));
            g.setLineStyle(SWT.LINE_SOLID);
            int cw = (int) (r.width * 0.64);
            int ch = (int) (r.height * 0.42);
            titleRow = new Rectangle(r.x + (r.width - cw) / 2, r.y + (int) (r.height * 0.12), cw, 16);
            chart = new Rectangle(r.x + (r.width - cw) / 2, titleRow.bottom() + 1, cw, ch);
        } else {
            g.setBackgroundColor(fill != null ? fill : group != null ? COLLAPSED_FILL
                    : kind() == NodeKind.PARAMETER ? PARAMETER_FILL : OPERATOR_FILL);
            g.fillRoundRectangle(r, 6, 6);
            g.setForegroundColor(border);
            g.setLineWidth(width);
            g.drawRoundRectangle(r.getCopy().shrink(width / 2, width / 2), 6, 6);
            titleRow = new Rectangle(r.x + 5, r.y + 2, r.width - 10, 16);
            chart = new Rectangle(r.x + 5, r.y + 19, r.width - 10, r.height - 24);
        }
        g.setLineWidth(1);
        g.setForegroundColor(ColorConstants.black);
        String title = fit(g, title(), titleRow.width - (marked ? 30 : 0));
        g.drawText(title, titleRow.x, titleRow.y);
        if (comparison != null) {
            NodeDifference d = comparison.difference();
            if (comparison.differenceMode()) {
                FlowChart.paintDifference(g, chart, d.iterations(), d.logMeanAbsRatio(), d.logSpreadRatio(),
                        model.fromIteration(), model.toIteration(), model.iteration());
            } else {
                FlowChart.paintPair(g, chart, comparison.series(model, d.tensorId()),
                        comparison.series(comparison.comparison().second(), d.otherTensorId()), model.fromIteration(),
                        model.toIteration(), model.iteration());
            }
        } else if (node != null) {
            FlowChart.paint(g, chart, node.series(), model.fromIteration(), model.toIteration(), model.iteration());
        }
        if (marked) {
            paintBadge(g, r);
        }
    }

    /** "#1" in a red disc at the top-right corner and the score under it. */
    private void paintBadge(Graphics g, Rectangle r) {
        String rank = "#" + (comparison != null ? comparison.rank() : node.rank());
        int d = 22;
        int x = r.right() - d - 2;
        int y = r.y + 1;
        if (kind() == NodeKind.RANDOM_VARIABLE) {
            x = r.right() - d - (int) (r.width * 0.12);
            y = r.y + (int) (r.height * 0.06);
        }
        g.setBackgroundColor(MARK);
        g.fillOval(x, y, d, d);
        g.setForegroundColor(ColorConstants.white);
        org.eclipse.draw2d.geometry.Dimension ext = org.eclipse.draw2d.FigureUtilities.getTextExtents(rank,
                g.getFont());
        g.drawText(rank, x + (d - ext.width) / 2, y + (d - ext.height) / 2);
    }

    /** The score as the badge's tooltip and the status line say it. */
    public static String scoreText(NodeFlow n) {
        double s = n.abnormality().score();
        return s >= AbnormalityScore.NON_FINITE ? "non-finite" : String.format(Locale.ROOT, "score %.1f", s);
    }

    private static String fit(Graphics g, String text, int width) {
        if (width <= 0) {
            return "";
        }
        String t = text;
        while (t.length() > 1 && org.eclipse.draw2d.FigureUtilities.getTextWidth(t, g.getFont()) > width) {
            t = t.substring(0, t.length() - 2) + "…";
        }
        return t;
    }

    private String tooltip() {
        StringBuilder b = new StringBuilder();
        if (group != null) {
            b.append("layer group ").append(group).append(", ").append(members)
                    .append(" nodes (collapsed; double-click to expand)\nchart and rank of its most abnormal node, ")
                    .append(NodeNames.name(node.node())).append('\n');
        } else {
            b.append(NodeNames.nameWithAlias(node.node())).append(" — ").append(node.node().kind().externalName()
                    .replace('_', ' '));
            if (!node.node().operatorType().isEmpty()) {
                b.append(" ").append(node.node().operatorType());
            }
            if (!node.node().layerGroup().isEmpty()) {
                b.append(", group ").append(node.node().layerGroup());
            }
            b.append('\n');
        }
        if (node.rank() > 0) {
            b.append("abnormality rank ").append(node.rank()).append(" of ").append(model.ranking().size()).append(", ")
                    .append(scoreText(node));
            if (!node.abnormality().reason().isEmpty()) {
                b.append(": ").append(node.abnormality().tensorId()).append(" ").append(node.abnormality().reason());
            }
            b.append('\n');
        }
        if (comparison != null) {
            NodeDifference d = comparison.difference();
            b.append("compared with ").append(comparison.comparison().second().runName()).append(": ");
            if (d.compared()) {
                b.append("rank ").append(comparison.rank()).append(" of ").append(comparison.comparison().ranking().size())
                        .append(String.format(Locale.ROOT, ", %.2f decades: ", d.score())).append(d.tensorId())
                        .append(" vs ").append(d.otherTensorId()).append(", ").append(d.reason()).append('\n');
            } else {
                b.append(d.reason()).append('\n');
            }
        }
        appendSeries(b, node.series(), model.iteration());
        b.append("click: explain it in Neuron Credit; double-click: its neurons in Training Dynamics");
        return b.toString();
    }

    private static void appendSeries(StringBuilder b, List<FlowSeries> series, long now) {
        if (series.isEmpty()) {
            b.append("nothing recorded for this node\n");
        }
        for (FlowSeries s : series) {
            b.append(s.tensorId()).append(" (").append(s.kind().externalName()).append(", ").append(s.valuesPerRecord())
                    .append(" values)");
            if (s.currentStats().isPresent()) {
                RecordStats st = s.currentStats().get();
                b.append(String.format(Locale.ROOT, " at %d: mean %.3g, 5–95 %% [%.3g, %.3g]", s.iteration(s.current()),
                        st.mean(), st.q05(), st.q95()));
                if (st.nonFiniteCount() > 0) {
                    b.append(", ").append(st.nanCount()).append(" NaN, ").append(st.infCount()).append(" ±Inf");
                }
                if (st.valuesRead() < s.valuesPerRecord()) {
                    b.append(" (of ").append(st.valuesRead()).append(" values read)");
                }
            } else {
                b.append(" not recorded at or before ").append(now).append(" in the window");
            }
            b.append('\n');
        }
    }
}
