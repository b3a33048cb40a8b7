package org.trainscope.ui;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.trainscope.core.render.Painter;

/**
 * A {@link Painter} over an SWT graphics context, so a view paints its chart with the same code
 * that writes the exported SVG or PNG. Coordinates are rounded to whole pixels (SWT draws on
 * integers); text is drawn in the GC's font, transparent. The caller owns the GC; the painter
 * leaves the GC's colours, alpha, line width and style as it found them when {@link #close()}d.
 */
public final class SwtPainter implements Painter, AutoCloseable {
    private final GC gc;
    private final Color savedForeground;
    private final Color savedBackground;
    private final int savedAlpha;
    private final int savedLineWidth;
    private final int savedLineStyle;
    private final int savedAntialias;

    public SwtPainter(GC gc) {
        this.gc = gc;
        savedForeground = gc.getForeground();
        savedBackground = gc.getBackground();
        savedAlpha = gc.getAlpha();
        savedLineWidth = gc.getLineWidth();
        savedLineStyle = gc.getLineStyle();
        savedAntialias = gc.getAntialias();
        gc.setAntialias(SWT.ON);
    }

    /** Restores the GC's state. */
    @Override
    public void close() {
        gc.setForeground(savedForeground);
        gc.setBackground(savedBackground);
        gc.setAlpha(savedAlpha);
        gc.setLineWidth(savedLineWidth);
        gc.setLineStyle(savedLineStyle);
        gc.setAntialias(savedAntialias);
    }

    @Override
    public void color(int rgb) {
        // a Color made without a device holds no system resource (SWT 4.16 and later)
        Color c = new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff);
        gc.setForeground(c);
        gc.setBackground(c);
    }

    @Override
    public void alpha(int alpha) {
        gc.setAlpha(Math.max(0, Math.min(255, alpha)));
    }

    @Override
    public void lineWidth(double width) {
        gc.setLineWidth(Math.max(1, (int) Math.round(width)));
    }

    @Override
    public void dashed(boolean dashed) {
        gc.setLineStyle(dashed ? SWT.LINE_DASH : SWT.LINE_SOLID);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2) {
        gc.drawLine(round(x1), round(y1), round(x2), round(y2));
    }

    @Override
    public void polyline(double[] xy, int points) {
        if (points >= 2) {
            gc.drawPolyline(ints(xy, points));
        }
    }

    @Override
    public void polygon(double[] xy, int points, boolean fill) {
        if (points < 2) {
            return;
        }
        if (fill) {
            gc.fillPolygon(ints(xy, points));
        } else {
            gc.drawPolygon(ints(xy, points));
        }
    }

    @Override
    public void rectangle(double x, double y, double width, double height, boolean fill) {
        if (fill) {
            gc.fillRectangle(round(x), round(y), round(width), round(height));
        } else {
            gc.drawRectangle(round(x), round(y), round(width), round(height));
        }
    }

    @Override
    public void oval(double x, double y, double width, double height, boolean fill) {
        if (fill) {
            gc.fillOval(round(x), round(y), round(width), round(height));
        } else {
            gc.drawOval(round(x), round(y), round(width), round(height));
        }
    }

    @Override
    public void text(String text, double x, double y, Anchor anchor) {
        Point ext = gc.textExtent(text);
        double left = switch (anchor) {
            case TOP_CENTER, CENTER, BOTTOM_CENTER -> x - ext.x / 2.0;
            case TOP_RIGHT, MIDDLE_RIGHT, BOTTOM_RIGHT -> x - ext.x;
            default -> x;
        };
        double top = switch (anchor) {
            case TOP_LEFT, TOP_CENTER, TOP_RIGHT -> y;
            case MIDDLE_LEFT, CENTER, MIDDLE_RIGHT -> y - ext.y / 2.0;
            default -> y - ext.y;
        };
        gc.drawText(text, round(left), round(top), true);
    }

    @Override
    public double textWidth(String text) {
        return gc.textExtent(text).x;
    }

    @Override
    public double textHeight() {
        return gc.getFontMetrics().getHeight();
    }

    @Override
    public void image(int[] argb, int width, int height, double x, double y, double boxWidth, double boxHeight) {
        Image image = new Image(gc.getDevice(), imageData(argb, width, height));
        try {
            gc.drawImage(image, 0, 0, width, height, round(x), round(y), round(boxWidth), round(boxHeight));
        } finally {
            image.dispose();
        }
    }

    /** ARGB pixels as SWT image data: 24-bit colour with an alpha channel where any pixel is not opaque. */
    public static ImageData imageData(int[] argb, int width, int height) {
        ImageData data = new ImageData(width, height, 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        int[] row = new int[width];
        byte[] alpha = null;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = argb[y * width + x];
                row[x] = p & 0xFFFFFF;
                if ((p >>> 24) != 0xff && alpha == null) {
                    alpha = new byte[width * height];
                    java.util.Arrays.fill(alpha, (byte) 0xff);
                }
                if (alpha != null) {
                    alpha[y * width + x] = (byte) (p >>> 24);
                }
            }
            data.setPixels(0, y, width, row, 0);
        }
        if (alpha != null) {
            data.alphaData = alpha;
        }
        return data;
    }

    private static int round(double v) {
        return (int) Math.round(v);
    }

    private static int[] ints(double[] xy, int points) {
        int[] out = new int[2 * points];
        for (int i = 0; i < out.length; i++) {
            out[i] = round(xy[i]);
        }
        return out;
    }
}
