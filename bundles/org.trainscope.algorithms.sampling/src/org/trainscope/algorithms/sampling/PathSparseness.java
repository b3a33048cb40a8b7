package org.trainscope.algorithms.sampling;

import java.util.Arrays;

/**
 * How lonely a polyline's path is on a chart: the mean, over the sparsest tenth of its finite
 * points (at least one), of how many polyline pixels lie in the 7 x 7 neighbourhood of the point
 * (from {@link PolylineDensity#density}, its own pixels included). Low when the polyline leaves
 * the bulk for a tenth of its length or more.
 * <p>
 * A neighbourhood rather than the pixel itself, and a mean rather than the 10th percentile: with
 * a few hundred polylines on a chart almost every line is alone in some pixel, so a per-pixel
 * percentile ties at 1 for most of them and cannot tell the one far-off line from the rest.
 */
public final class PathSparseness {
    /** Pixels around a point counted as its neighbourhood, in each direction. */
    public static final int RADIUS = 3;
    /** The sparseness of a polyline with no finite point: it is not drawn. */
    public static final double NOT_DRAWN = -1;

    private final int width;
    private final double xStep;
    private final int[] around;

    /**
     * @param density row-major {@code width x height} counts of all polylines
     * @param length  points per polyline, spread over the width as the chart spreads them
     */
    public PathSparseness(int[] density, int width, int height, int length) {
        this.width = width;
        this.xStep = length > 1 ? (width - 1) / (double) (length - 1) : 0;
        this.around = neighbourhoodSums(density, width, height, RADIUS);
    }

    /**
     * The sparseness of one polyline.
     *
     * @param ys chart rows of its points, as {@link PolylineDensity#toRows} makes them
     */
    public double of(int[] ys) {
        long[] under = new long[ys.length];
        int n = 0;
        for (int j = 0; j < ys.length; j++) {
            if (ys[j] != Integer.MIN_VALUE) {
                int x = Math.min(width - 1, (int) Math.round(j * xStep));
                under[n++] = around[ys[j] * width + x];
            }
        }
        if (n == 0) {
            return NOT_DRAWN;
        }
        Arrays.sort(under, 0, n);
        int tenth = (n + 9) / 10;
        long sum = 0;
        for (int k = 0; k < tenth; k++) {
            sum += under[k];
        }
        return sum / (double) tenth;
    }

    /** For each pixel, the sum of {@code counts} over the square of {@code radius} around it (clipped). */
    static int[] neighbourhoodSums(int[] counts, int width, int height, int radius) {
        // summed-area table with a zero first row and column
        long[] table = new long[(width + 1) * (height + 1)];
        for (int y = 0; y < height; y++) {
            long row = 0;
            for (int x = 0; x < width; x++) {
                row += counts[y * width + x];
                table[(y + 1) * (width + 1) + x + 1] = table[y * (width + 1) + x + 1] + row;
            }
        }
        int[] sums = new int[width * height];
        for (int y = 0; y < height; y++) {
            int top = Math.max(0, y - radius);
            int bottom = Math.min(height, y + radius + 1);
            for (int x = 0; x < width; x++) {
                int left = Math.max(0, x - radius);
                int right = Math.min(width, x + radius + 1);
                long s = table[bottom * (width + 1) + right] - table[top * (width + 1) + right]
                        - table[bottom * (width + 1) + left] + table[top * (width + 1) + left];
                sums[y * width + x] = (int) Math.min(Integer.MAX_VALUE, s);
            }
        }
        return sums;
    }
}
