package org.trainscope.algorithms.sampling;

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
}
