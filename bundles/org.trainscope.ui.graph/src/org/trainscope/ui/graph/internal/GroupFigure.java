package org.trainscope.ui.graph.internal;

import org.eclipse.draw2d.Figure;
import org.eclipse.draw2d.Graphics;
import org.eclipse.draw2d.Label;
import org.eclipse.draw2d.geometry.Rectangle;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;

/** An expanded layer group: a frame around its nodes with its name in the header; double-click collapses it. */
public final class GroupFigure extends Figure {
    private static final Color FILL = new Color(244, 246, 251);
    private static final Color BORDER = new Color(170, 178, 200);
    private static final Color HEADER = new Color(70, 80, 110);
    private final String group;
    private final int members;
    private final boolean abnormal;

    public GroupFigure(String group, int members, boolean abnormal) {
        this.group = group;
        this.members = members;
        this.abnormal = abnormal;
        setToolTip(new Label("layer group " + group + ", " + members + " nodes; double-click to collapse"));
    }

    public String group() {
        return group;
    }

    @Override
    protected void paintFigure(Graphics g) {
        g.setAntialias(SWT.ON);
        Rectangle r = getBounds().getCopy();
        r.width -= 1;
        r.height -= 1;
        g.setBackgroundColor(FILL);
        g.fillRoundRectangle(r, 10, 10);
        g.setForegroundColor(abnormal ? NodeFigure.MARK : BORDER);
        g.setLineWidth(1);
        g.drawRoundRectangle(r, 10, 10);
        g.setForegroundColor(HEADER);
        g.drawText("▾ " + group + (abnormal ? "  (holds a marked node)" : ""), r.x + 8, r.y + 3);
    }
}
