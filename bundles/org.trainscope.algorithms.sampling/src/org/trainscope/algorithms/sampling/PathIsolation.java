package org.trainscope.algorithms.sampling;

import java.util.Arrays;

/**
 * How far a polyline's drawn path keeps from all the others on a chart: in each pixel column the
 * path crosses, the distance in rows from the pixels it covers there to the nearest pixel another
 * polyline covers in that column (0 where another polyline shares one of its pixels; the chart
 * height where no other polyline is in the column); the isolation is the mean of that distance
 * over the most isolated tenth of its columns (at least one). High when the polyline stays away
 * from the rest for a tenth of the chart's width or more.
 * <p>
 * Why not the density under the path (how many polylines pass its pixels or their neighbourhood):
 * with a few hundred polylines almost every line is alone somewhere, where a fan of lines ends, so
 * lone lines tie, and a steep line covers more pixels of its own and looks less alone than a flat
 * one. On the failing VAE's first layer (256 units) the density measures ranked the unit that
 * climbs to 17 while the others stay below 10 behind units alone only at their last point. A
 * distance separates them and does not depend on the steepness.
 * <p>
 * The pixels are those {@link PolylineDensity#rasterise} draws (a segment covers, in each of its
 * columns, the rows between its rounded heights at that column and the next; where several
 * segments fall in one column, the path's span there is from the topmost to the bottommost row
 * they cover), so "another polyline's pixel" is read off {@link PolylineDensity#density}: a count
 * above one inside the path's span, or above zero outside it.
 */
public final class PathIsolation {
    /** The isolation of a polyline with no drawn segment. */
    public static final double NOT_DRAWN = -1;

    private final int[] density;
    private final int width;
    private final int height;
    private final double xStep;
    /** Per pixel, the nearest occupied row at or above it in its column, or -1. */
    private final int[] occupiedAbove;
    /** Per pixel, the nearest occupied row at or below it in its column, or height. */
    private final int[] occupiedBelow;

    /**
     * @param density row-major {@code width x height} counts of all polylines
     * @param length  points per polyline, spread over the width as the chart spreads them
     */
    public PathIsolation(int[] density, int width, int height, int length) {
        this.density = density;
        this.width = width;
        this.height = height;
        this.xStep = length > 1 ? (width - 1) / (double) (length - 1) : 0;
        this.occupiedAbove = new int[width * height];
        this.occupiedBelow = new int[width * height];
        for (int x = 0; x < width; x++) {
            int last = -1;
            for (int y = 0; y < height; y++) {
                if (density[y * width + x] > 0) {
                    last = y;
                }
                occupiedAbove[y * width + x] = last;
            }
            last = height;
            for (int y = height - 1; y >= 0; y--) {
                if (density[y * width + x] > 0) {
                    last = y;
                }
                occupiedBelow[y * width + x] = last;
            }
        }
    }

    /**
     * The isolation of one polyline.
     *
     * @param ys chart rows of its points, as {@link PolylineDensity#toRows} makes them
     * @return its isolation in rows, or {@link #NOT_DRAWN} when it has no drawn segment
     */
    public double of(int[] ys) {
        // the rows the path covers in each column: a span per segment, merged when several
        // segments fall in one column (points closer than a pixel)
        int[] top = new int[width];
        int[] bottom = new int[width];
        Arrays.fill(top, Integer.MAX_VALUE);
        Arrays.fill(bottom, Integer.MIN_VALUE);
        int firstColumn = width;
        int lastColumn = -1;
        for (int j = 0; j + 1 < ys.length; j++) {
            int y0 = ys[j];
            int y1 = ys[j + 1];
            if (y0 == Integer.MIN_VALUE || y1 == Integer.MIN_VALUE) {
                continue;
            }
            // the columns and spans PolylineDensity.rasterise draws for this segment
            int x0 = (int) Math.round(j * xStep);
            int x1 = (int) Math.round((j + 1) * xStep);
            boolean last = j + 2 >= ys.length || ys[j + 2] == Integer.MIN_VALUE;
            int xEnd = Math.min(last || x1 == x0 ? x1 : x1 - 1, width - 1);
            if (x1 == x0) {
                if (x0 <= xEnd) {
                    top[x0] = Math.min(top[x0], y1);
                    bottom[x0] = Math.max(bottom[x0], y1);
                    firstColumn = Math.min(firstColumn, x0);
                    lastColumn = Math.max(lastColumn, x0);
                }
                continue;
            }
            int m = x1 - x0;
            for (int x = x0; x <= xEnd; x++) {
                int ya = y0 + Math.floorDiv(2 * (y1 - y0) * (x - x0) + m, 2 * m);
                int yb = x < x1 ? y0 + Math.floorDiv(2 * (y1 - y0) * (x + 1 - x0) + m, 2 * m) : ya;
                top[x] = Math.min(top[x], Math.min(ya, yb));
                bottom[x] = Math.max(bottom[x], Math.max(ya, yb));
            }
            firstColumn = Math.min(firstColumn, x0);
            lastColumn = Math.max(lastColumn, xEnd);
        }
        double[] gaps = new double[Math.max(0, lastColumn - firstColumn + 1)];
        int n = 0;
        for (int x = firstColumn; x <= lastColumn; x++) {
            if (top[x] != Integer.MAX_VALUE) {
                gaps[n++] = gap(x, top[x], bottom[x]);
            }
        }
        if (n == 0) {
            return NOT_DRAWN;
        }
        Arrays.sort(gaps, 0, n);
        int tenth = (n + 9) / 10;
        double sum = 0;
        for (int k = n - tenth; k < n; k++) {
            sum += gaps[k];
        }
        return sum / tenth;
    }

    /** Rows from the span [top, bottom] of column x to the nearest pixel of another polyline. */
    private int gap(int x, int top, int bottom) {
        top = Math.max(0, top);
        bottom = Math.min(height - 1, bottom);
        for (int y = top; y <= bottom; y++) {
            if (density[y * width + x] > 1) {
                return 0; // another polyline shares this pixel
            }
        }
        int above = top > 0 ? occupiedAbove[(top - 1) * width + x] : -1;
        int below = bottom < height - 1 ? occupiedBelow[(bottom + 1) * width + x] : height;
        int gap = height;
        if (above >= 0) {
            gap = Math.min(gap, top - above);
        }
        if (below < height) {
            gap = Math.min(gap, below - bottom);
        }
        return gap;
    }
}
