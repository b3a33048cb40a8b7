package org.trainscope.algorithms.sampling.internal;

/**
 * Equally long float rows kept on the heap, in pages of whole rows: the polylines the candidate pass
 * keeps. Paged because rows × length can exceed what one Java array holds (2^31), and so that no
 * single allocation has to find that much contiguous heap.
 */
public final class CandidateRows {

    /**
     * Floats per page at most (16 MB): small enough that a nearly full heap still finds room for a
     * page (G1 places each in contiguous regions of its own).
     */
    private static final int PAGE_FLOATS = 1 << 22;

    private final int length;
    private final int rowsPerPage;
    private final float[][] pages;

    public CandidateRows(int rows, int length) {
        if (rows < 0 || length < 1) {
            throw new IllegalArgumentException(rows + " rows of " + length);
        }
        this.length = length;
        this.rowsPerPage = Math.max(1, PAGE_FLOATS / length);
        int pageCount = (int) (((long) rows + rowsPerPage - 1) / rowsPerPage);
        this.pages = new float[pageCount][];
        for (int p = 0; p < pageCount; p++) {
            int rowsHere = (int) Math.min(rowsPerPage, (long) rows - (long) p * rowsPerPage);
            pages[p] = new float[rowsHere * length];
        }
    }

    public int length() {
        return length;
    }

    /** Copies {@code length} values from {@code source[sourceOffset ..]} into row {@code row}. */
    public void set(int row, float[] source, int sourceOffset) {
        System.arraycopy(source, sourceOffset, pages[row / rowsPerPage], (row % rowsPerPage) * length, length);
    }

    /** Copies row {@code row} to {@code out[outOffset ..]}. */
    public void get(int row, float[] out, int outOffset) {
        System.arraycopy(pages[row / rowsPerPage], (row % rowsPerPage) * length, out, outOffset, length);
    }

    /** @return the heap these rows take, in bytes */
    public long bytes() {
        long total = 0;
        for (float[] page : pages) {
            total += 4L * page.length;
        }
        return total;
    }
}
