package org.trainscope.core.render;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * Writes what is painted as an SVG document, text kept as text (searchable, editable in a vector
 * editor), raster images embedded as PNG. Text width is estimated from the font size, since no
 * font is measured without a display.
 */
public final class SvgPainter implements Painter {
    private static final double FONT_SIZE = 11;
    private final StringBuilder body = new StringBuilder();
    private final int width;
    private final int height;
    private int rgb;
    private int alpha = 255;
    private double lineWidth = 1;
    private boolean dashed;

    public SvgPainter(int width, int height) {
        this.width = width;
        this.height = height;
    }

    @Override
    public void color(int rgb) {
        this.rgb = rgb & 0xFFFFFF;
    }

    @Override
    public void alpha(int alpha) {
        this.alpha = Math.max(0, Math.min(255, alpha));
    }

    @Override
    public void lineWidth(double width) {
        this.lineWidth = width;
    }

    @Override
    public void dashed(boolean dashed) {
        this.dashed = dashed;
    }

    @Override
    public void line(double x1, double y1, double x2, double y2) {
        body.append(String.format(Locale.ROOT, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\"%s/>%n", x1, y1,
                x2, y2, stroke()));
    }

    @Override
    public void polyline(double[] xy, int points) {
        if (points < 2) {
            return;
        }
        body.append("<polyline fill=\"none\" points=\"");
        for (int i = 0; i < points; i++) {
            body.append(String.format(Locale.ROOT, "%.2f,%.2f ", xy[2 * i], xy[2 * i + 1]));
        }
        body.append('"').append(stroke()).append("/>\n");
    }

    @Override
    public void polygon(double[] xy, int points, boolean fill) {
        if (points < 2) {
            return;
        }
        body.append("<polygon points=\"");
        for (int i = 0; i < points; i++) {
            body.append(String.format(Locale.ROOT, "%.2f,%.2f ", xy[2 * i], xy[2 * i + 1]));
        }
        body.append('"').append(fill ? fill() : " fill=\"none\"" + stroke()).append("/>\n");
    }

    @Override
    public void rectangle(double x, double y, double w, double h, boolean fill) {
        body.append(String.format(Locale.ROOT, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"%s/>%n", x,
                y, w, h, fill ? fill() : " fill=\"none\"" + stroke()));
    }

    @Override
    public void oval(double x, double y, double w, double h, boolean fill) {
        body.append(String.format(Locale.ROOT, "<ellipse cx=\"%.2f\" cy=\"%.2f\" rx=\"%.2f\" ry=\"%.2f\"%s/>%n",
                x + w / 2, y + h / 2, w / 2, h / 2, fill ? fill() : " fill=\"none\"" + stroke()));
    }

    @Override
    public void text(String text, double x, double y, Anchor anchor) {
        String horizontal = switch (anchor) {
            case TOP_CENTER, CENTER, BOTTOM_CENTER -> "middle";
            case TOP_RIGHT, MIDDLE_RIGHT, BOTTOM_RIGHT -> "end";
            default -> "start";
        };
        double baseline = switch (anchor) {
            case TOP_LEFT, TOP_CENTER, TOP_RIGHT -> y + FONT_SIZE * 0.8;
            case MIDDLE_LEFT, CENTER, MIDDLE_RIGHT -> y + FONT_SIZE * 0.35;
            default -> y - FONT_SIZE * 0.2;
        };
        body.append(String.format(Locale.ROOT,
                "<text x=\"%.2f\" y=\"%.2f\" text-anchor=\"%s\" font-family=\"sans-serif\" font-size=\"%.0f\"%s>",
                x, baseline, horizontal, FONT_SIZE, fill()))
                .append(escape(text)).append("</text>\n");
    }

    @Override
    public double textWidth(String text) {
        return text.length() * FONT_SIZE * 0.55;
    }

    @Override
    public double textHeight() {
        return FONT_SIZE * 1.3;
    }

    @Override
    public void image(int[] argb, int w, int h, double x, double y, double boxWidth, double boxHeight) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(AwtPainter.toImage(argb, w, h), "png", png);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an image of " + w + "x" + h, e); // in memory: cannot happen
        }
        body.append(String.format(Locale.ROOT,
                "<image x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" preserveAspectRatio=\"none\" "
                        + "style=\"image-rendering:pixelated\" href=\"data:image/png;base64,%s\"/>%n",
                x, y, boxWidth, boxHeight, Base64.getEncoder().encodeToString(png.toByteArray())));
    }

    /** The whole document. */
    public String document() {
        return String.format(Locale.ROOT,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>%n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                        + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">%n<rect width=\"100%%\" height=\"100%%\" "
                        + "fill=\"#ffffff\"/>%n",
                width, height, width, height) + body + "</svg>\n";
    }

    private String stroke() {
        return String.format(Locale.ROOT, " stroke=\"#%06x\" stroke-width=\"%.2f\"%s%s", rgb, lineWidth,
                alpha < 255 ? String.format(Locale.ROOT, " stroke-opacity=\"%.3f\"", alpha / 255.0) : "",
                dashed ? " stroke-dasharray=\"4,3\"" : "");
    }

    private String fill() {
        return String.format(Locale.ROOT, " fill=\"#%06x\"%s", rgb,
                alpha < 255 ? String.format(Locale.ROOT, " fill-opacity=\"%.3f\"", alpha / 255.0) : "");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
