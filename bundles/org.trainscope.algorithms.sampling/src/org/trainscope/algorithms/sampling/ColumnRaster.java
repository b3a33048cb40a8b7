package org.trainscope.algorithms.sampling;

/**
 * The fast path of {@link PolylineDensity#rasterise}: draws many polylines into one column-major
 * count buffer, segment by segment rather than polyline by polyline.
 * <p>
 * Why it is fast: all polylines share the point-to-column map, so segment {@code j} of every
 * polyline covers the same ~{@code width/length} columns. Drawing segment {@code j} of a whole
 * block before moving on keeps the touched part of the buffer (those columns, column-major) at
 * ~60 KB, in L1/L2, instead of scattering increments over a 5.8 MB row-major image. The buffer
 * holds differences along x, so each row run of a segment is two writes (see {@link #diff}).
 * And the runs of a segment depend only on its width in columns and its rise, not on where it
 * starts: their offsets are computed once per (width, rise), so drawing a segment is a short
 * loop over that list, with no row stepping or span loop per column.
 * <p>
 * Exactness: it draws the pixels of {@code rasterise} (same row stepping) and counts are sums,
 * so the order does not matter. It is only used when the columns of consecutive points strictly
 * increase and all rows are on the chart ({@link #applies}, {@link #onChart}); then every column
 * of a polyline belongs to exactly one of its segments and a polyline touches each pixel at most
 * once, which is also what the stamp variant of {@code rasterise} guarantees.
 */
final class ColumnRaster {
    private static final int MISSING = Integer.MIN_VALUE;

    private final int width;
    private final int height;
    private final int[] columns;
    /**
     * Column-major differences along x: {@code diff[x * height + y]} is count(x, y) minus
     * count(x - 1, y). A segment's pixels in one row are a run of columns, so a run costs two
     * writes (+1 where it starts, -1 after it ends) whatever its length: about half the writes
     * of one per pixel for the usual gentle slopes. One extra column takes the -1 after the last.
     */
    private final int[] diff;
    /**
     * Run offsets ({@link #segmentRuns}) of a segment m columns wide, indexed
     * [m][rise + height - 1]; built when first needed (only a few rises are common).
     */
    private final int[][][] runs;

    ColumnRaster(int[] columns, int width, int height) {
        this.width = width;
        this.height = height;
        this.columns = columns;
        this.diff = new int[(width + 1) * height];
        this.runs = new int[width + 1][][];
    }

    /** The column of each point, exactly as {@code rasterise} rounds it. */
    static int[] columns(int length, double xStep) {
        int[] x = new int[length];
        for (int j = 0; j < length; j++) {
            x[j] = (int) Math.round(j * xStep);
        }
        return x;
    }

    /** True when every segment spans at least one new column inside the chart (see class comment). */
    static boolean applies(int[] columns, int width) {
        if (columns.length == 0 || columns[0] < 0 || columns[columns.length - 1] > width - 1) {
            return false;
        }
        for (int j = 1; j < columns.length; j++) {
            if (columns[j] <= columns[j - 1]) {
                return false;
            }
        }
        return true;
    }

    /** True when all rows are on the chart or {@code Integer.MIN_VALUE} (toRows' output always is). */
    static boolean onChart(int[] ys, int from, int to, int height) {
        for (int k = from; k < to; k++) {
            int y = ys[k];
            if (y != MISSING && (y < 0 || y >= height)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Adds polylines {@code 0..lines-1} whose point {@code j} of line {@code i} is at
     * {@code ys[i * lineStride + j * pointStride]}; lines with {@code include[i] == false} are
     * skipped ({@code include} may be null).
     */
    void add(int[] ys, int lines, int lineStride, int pointStride, boolean[] include) {
        int length = columns.length;
        int[] c = diff;
        int offset = height - 1;
        for (int j = 0; j + 1 < length; j++) {
            int x0 = columns[j];
            int x1 = columns[j + 1];
            int[][] byRise = runsOf(x1 - x0);
            boolean lastPoint = j + 2 >= length;
            int firstColumn = x0 * height;
            int endColumn = x1 * height;
            for (int i = 0; i < lines; i++) {
                if (include != null && !include[i]) {
                    continue;
                }
                int at = i * lineStride + j * pointStride;
                int y0 = ys[at];
                int y1 = ys[at + pointStride];
                if (y0 == MISSING || y1 == MISSING) {
                    continue;
                }
                int[] segment = byRise[y1 - y0 + offset];
                if (segment == null) {
                    segment = segmentRuns(x1 - x0, y1 - y0);
                    byRise[y1 - y0 + offset] = segment;
                }
                int base = firstColumn + y0;
                // the +1 starting the run through (x0, y0) cancels the -1 ending the previous
                // segment's run there, so both are left out unless there is no previous segment
                if (j == 0 || ys[at - pointStride] == MISSING) {
                    c[base]++;
                }
                for (int k = 0; k + 1 < segment.length; k += 2) {
                    c[base + segment[k]]++;
                    c[base + segment[k + 1]]--;
                }
                // likewise at (x1, y1): a polyline's last drawn segment ends its run there, and
                // also keeps its end column, which continues that run by one column
                if (lastPoint || ys[at + 2 * pointStride] == MISSING) {
                    c[endColumn + height + y1]--;
                }
            }
        }
    }

    private int[][] runsOf(int m) {
        if (runs[m] == null) {
            runs[m] = new int[2 * height - 1][];
        }
        return runs[m];
    }

    /**
     * The runs of a segment from (0, 0) to (m, rise) in columns {@code 0..m-1}, as pairs of
     * offsets (run start, one column after its end), drawn as {@code rasterise} draws: the row at
     * column k is round(rise * k / m), exactly floor((2 rise k + m) / 2m), and each column gets
     * the rows between its row and the next. The line is monotone, so each row is one run.
     */
    private int[] segmentRuns(int m, int rise) {
        int rows = Math.abs(rise) + 1;
        int[] first = new int[rows];
        int[] last = new int[rows];
        java.util.Arrays.fill(first, -1);
        int top = Math.min(0, rise);
        int ya = 0;
        for (int k = 0; k < m; k++) {
            int yb = (int) Math.floorDiv(2L * rise * (k + 1) + m, 2L * m);
            for (int y = Math.min(ya, yb); y <= Math.max(ya, yb); y++) {
                if (first[y - top] < 0) {
                    first[y - top] = k;
                }
                last[y - top] = k;
            }
            ya = yb;
        }
        // without the run start at (0, 0) and the run end after (m - 1, rise) (see add):
        // as many starts as ends remain, stored as (start, end) pairs for a loop of two writes
        int[] out = new int[2 * rows - 2];
        int starts = 0;
        int ends = 1;
        for (int r = 0; r < rows; r++) {
            int y = r + top;
            if (first[r] >= 0 && !(y == 0 && first[r] == 0)) {
                out[starts] = first[r] * height + y;
                starts += 2;
            }
            if (first[r] >= 0 && !(y == rise && last[r] == m - 1)) {
                out[ends] = (last[r] + 1) * height + y;
                ends += 2;
            }
        }
        if (starts != out.length || ends != out.length + 1) {
            throw new IllegalStateException("runs of a monotone segment must pair up");
        }
        return out;
    }

    /** Adds another raster's differences to this one (same geometry). */
    void merge(ColumnRaster other) {
        int[] a = diff;
        int[] b = other.diff;
        for (int p = 0; p < a.length; p++) {
            a[p] += b[p];
        }
    }

    /** Adds the counts to a row-major {@code width x height} image (once: sums in place). */
    void addTo(int[] image) {
        // the counts are the running sums along x: column x plus column x - 1, in place
        for (int p = height; p < width * height; p++) {
            diff[p] += diff[p - height];
        }
        // 16 columns at a time, so the row-major writes are runs, not one per row per column
        int band = 16;
        for (int x0 = 0; x0 < width; x0 += band) {
            int n = Math.min(band, width - x0);
            for (int y = 0; y < height; y++) {
                int out = y * width + x0;
                int in = x0 * height + y;
                for (int k = 0; k < n; k++) {
                    image[out + k] += diff[in + k * height];
                }
            }
        }
    }
}
