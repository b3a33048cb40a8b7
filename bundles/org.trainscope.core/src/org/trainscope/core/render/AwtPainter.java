package org.trainscope.core.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/**
 * Paints into an AWT image, which works without a display ({@code java.awt.headless}), so a lab
 * can script figures on a server; {@link FigureFiles} writes it as PNG.
 */
public final class AwtPainter implements Painter {
    private final BufferedImage image;
    private final Graphics2D g;
    private int rgb;
    private int alpha = 255;
    private float lineWidth = 1;
    private boolean dashed;

    public AwtPainter(int width, int height) {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        apply();
    }

    /** The picture so far. */
    public BufferedImage image() {
        return image;
    }

    public void dispose() {
        g.dispose();
    }

    @Override
    public void color(int rgb) {
        this.rgb = rgb & 0xFFFFFF;
        apply();
    }

    @Override
    public void alpha(int alpha) {
        this.alpha = Math.max(0, Math.min(255, alpha));
        apply();
    }

    @Override
    public void lineWidth(double width) {
        this.lineWidth = (float) width;
        apply();
    }

    @Override
    public void dashed(boolean dashed) {
        this.dashed = dashed;
        apply();
    }

    private void apply() {
        g.setColor(new Color((alpha << 24) | rgb, true));
        g.setStroke(dashed ? new BasicStroke(lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
                new float[] {4, 3}, 0) : new BasicStroke(lineWidth));
    }

    @Override
    public void line(double x1, double y1, double x2, double y2) {
        g.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(double[] xy, int points) {
        if (points < 2) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 1; i < points; i++) {
            path.lineTo(xy[2 * i], xy[2 * i + 1]);
        }
        g.draw(path);
    }

    @Override
    public void polygon(double[] xy, int points, boolean fill) {
        if (points < 2) {
            return;
        }
        Path2D.Double path = new Path2D.Double();
        path.moveTo(xy[0], xy[1]);
        for (int i = 1; i < points; i++) {
            path.lineTo(xy[2 * i], xy[2 * i + 1]);
        }
        path.closePath();
        if (fill) {
            g.fill(path);
        } else {
            g.draw(path);
        }
    }

    @Override
    public void rectangle(double x, double y, double w, double h, boolean fill) {
        Rectangle2D.Double r = new Rectangle2D.Double(x, y, w, h);
        if (fill) {
            g.fill(r);
        } else {
            g.draw(r);
        }
    }

    @Override
    public void oval(double x, double y, double w, double h, boolean fill) {
        Ellipse2D.Double e = new Ellipse2D.Double(x, y, w, h);
        if (fill) {
            g.fill(e);
        } else {
            g.draw(e);
        }
    }

    @Override
    public void text(String text, double x, double y, Anchor anchor) {
        FontMetrics m = g.getFontMetrics();
        double w = m.stringWidth(text);
        double left = switch (anchor) {
            case TOP_CENTER, CENTER, BOTTOM_CENTER -> x - w / 2;
            case TOP_RIGHT, MIDDLE_RIGHT, BOTTOM_RIGHT -> x - w;
            default -> x;
        };
        double baseline = switch (anchor) {
            case TOP_LEFT, TOP_CENTER, TOP_RIGHT -> y + m.getAscent();
            case MIDDLE_LEFT, CENTER, MIDDLE_RIGHT -> y + (m.getAscent() - m.getDescent()) / 2.0;
            default -> y - m.getDescent();
        };
        g.drawString(text, (float) left, (float) baseline);
    }

    @Override
    public double textWidth(String text) {
        return g.getFontMetrics().stringWidth(text);
    }

    @Override
    public double textHeight() {
        return g.getFontMetrics().getHeight();
    }

    @Override
    public void image(int[] argb, int w, int h, double x, double y, double boxWidth, double boxHeight) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(toImage(argb, w, h), (int) Math.round(x), (int) Math.round(y), (int) Math.round(boxWidth),
                (int) Math.round(boxHeight), null);
    }

    static BufferedImage toImage(int[] argb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, w, h, argb, 0, w);
        return img;
    }
}
