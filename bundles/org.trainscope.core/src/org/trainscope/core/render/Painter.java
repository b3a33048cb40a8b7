package org.trainscope.core.render;

/**
 * What a chart or graph painter draws on: the workbench's SWT canvas, an SVG document or a
 * headless AWT image. A view's picture and {@code trainscope-cli export}'s file come from the same
 * painting code through this interface, so the exported figure is the picture the view shows.
 * Coordinates are in pixels, origin top left, y down. Colours are 0xRRGGBB.
 */
public interface Painter {
    /** Where a text's reference point lies on the text's box. */
    enum Anchor {
        TOP_LEFT, TOP_CENTER, TOP_RIGHT, MIDDLE_LEFT, CENTER, MIDDLE_RIGHT, BOTTOM_LEFT, BOTTOM_CENTER, BOTTOM_RIGHT
    }

    /** Colour of the following strokes, fills and texts. */
    void color(int rgb);

    /** Opacity of the following strokes and fills, 0 (invisible) to 255 (opaque). */
    void alpha(int alpha);

    void lineWidth(double width);

    /** Whether the following strokes are dashed. */
    void dashed(boolean dashed);

    void line(double x1, double y1, double x2, double y2);

    /** A polyline through {@code points} points, stored x0, y0, x1, y1, ... in {@code xy}. */
    void polyline(double[] xy, int points);

    /** A closed polygon through {@code points} points, stored as for {@link #polyline}. */
    void polygon(double[] xy, int points, boolean fill);

    void rectangle(double x, double y, double width, double height, boolean fill);

    void oval(double x, double y, double width, double height, boolean fill);

    /** Text at ({@code x}, {@code y}) placed by {@code anchor}, in the painter's font (about 11 px). */
    void text(String text, double x, double y, Anchor anchor);

    /** Width in pixels {@link #text} would take for {@code text}. */
    double textWidth(String text);

    /** Height in pixels of a line of text. */
    double textHeight();

    /**
     * A raster image of {@code width} x {@code height} pixels (0xAARRGGBB, row-major), scaled into
     * the given box; used for density images and heatmaps.
     */
    void image(int[] argb, int width, int height, double x, double y, double boxWidth, double boxHeight);
}
