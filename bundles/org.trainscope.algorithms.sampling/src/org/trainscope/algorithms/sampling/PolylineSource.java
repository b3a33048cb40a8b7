package org.trainscope.algorithms.sampling;

import org.trainscope.trace.RecordTileVisitor;

/**
 * A read-only table of equally long polylines (one per neuron, one value per recorded iteration),
 * read in row-major blocks so that an implementation can be backed by a memory-mapped trace store
 * without the whole table ever being on the heap.
 * <p>
 * Implementations must allow {@link #read} to be called concurrently from several threads: the
 * samplers read disjoint blocks in parallel.
 */
public interface PolylineSource {

    /** @return the number of polylines (rows) */
    int polylineCount();

    /** @return the number of points (recorded iterations) of every polyline */
    int length();

    /**
     * Copies polylines {@code first .. first+count-1} into {@code out}, row-major: value {@code j}
     * of polyline {@code first+i} goes to {@code out[i*length()+j]}. Non-finite values are copied
     * as they are; they are data.
     *
     * @param out an array of at least {@code count*length()} floats
     */
    void read(int first, int count, float[] out);

    /** @return what the polylines are, for messages (a tensor's id, for example) */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Hands points {@code [fromPoint, toPoint)} of every polyline to {@code visitor} as record-major
     * tiles (point {@code j} is record {@code j} of the tiles), strip of polylines by strip, each
     * strip's points in ascending order: the order of one sequential pass over a trace. This default
     * reads blocks of polylines and transposes them; a source backed by a tensor scans its record
     * tiles as stored. An exception thrown by the visitor (a cancellation) ends the scan.
     */
    default void scanTiles(int fromPoint, int toPoint, RecordTileVisitor visitor) {
        int points = toPoint - fromPoint;
        int n = polylineCount();
        int length = length();
        if (points <= 0 || n == 0) {
            return;
        }
        int strip = Math.max(1, Math.min(n, (1 << 20) / length));
        float[] rows = new float[strip * length];
        float[] tile = new float[strip * points];
        for (int first = 0; first < n; first += strip) {
            int count = Math.min(strip, n - first);
            read(first, count, rows);
            for (int k = 0; k < count; k++) {
                for (int j = 0; j < points; j++) {
                    tile[j * count + k] = rows[k * length + fromPoint + j];
                }
            }
            visitor.visit(first, count, fromPoint, points, tile, count);
        }
    }
}
