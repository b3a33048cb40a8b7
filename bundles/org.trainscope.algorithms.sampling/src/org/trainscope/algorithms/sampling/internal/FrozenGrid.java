package org.trainscope.algorithms.sampling.internal;

import java.util.Arrays;

/**
 * A read-only copy of the {@link SelectionGrid} for the parallel phase of a chunk: the same cells
 * (same cell size and keys), but each cell's entries stored contiguously, ascending, with their
 * feature vectors in columns (feature k of entry j at {@code column[k][j]}), so that the feature
 * lower bounds of a candidate against a whole cell are one loop per feature over contiguous
 * floats, which the JIT vectorises (it does when the bounds are written at the same index:
 * {@code lower[j] += |column[k][j] - c_k|}). Rebuilt (O(selected)) before a parallel phase only
 * when the selection changed since the last build.
 */
final class FrozenGrid {

    private static final int EMPTY = -1;

    private long[] keys = new long[16];
    private int[] cellOf = new int[16];
    private int mask = 15;
    /** Cell c holds entries start[c] .. start[c+1]-1 of the arrays below. */
    private int[] start = new int[2];
    int[] entry = new int[16];
    /** Feature k of the entry at position j (cells contiguous, as {@link #entry}). */
    float[][] column = new float[CandidateTable.STRIDE][16];
    /** The largest feature norm of the entries, to size the rounding margin of the bound filter. */
    float maxFeatureNorm;
    private int[] entryCell = new int[16];
    private int builtSize = -1;
    private double builtCellSize = Double.NaN;
    private int entries;

    /** Forces the next {@link #build}: the selection may have been replaced, not just grown. */
    void invalidate() {
        builtSize = -1;
    }

    /** Copies the entries of {@code selected}, bucketed like its grid. */
    void build(SelectedSet selected) {
        SelectionGrid grid = selected.grid;
        if (selected.size == builtSize && grid.cellSize() == builtCellSize) {
            return;
        }
        builtSize = selected.size;
        builtCellSize = grid.cellSize();
        int size = selected.size;
        int tableSize = Integer.highestOneBit(Math.max(16, 2 * size - 1)) << 1;
        if (keys.length < tableSize) {
            keys = new long[tableSize];
            cellOf = new int[tableSize];
        }
        mask = tableSize - 1;
        Arrays.fill(cellOf, 0, tableSize, EMPTY);
        if (entryCell.length < size) {
            int capacity = Math.max(size, 2 * entryCell.length);
            entryCell = new int[capacity];
            entry = new int[capacity];
            column = new float[CandidateTable.STRIDE][capacity];
        }
        int cells = 0;
        int[] count = new int[Math.max(1, size) + 1];
        for (int e = 0; e < size; e++) {
            long key = SelectionGrid.key(grid.cell(selected.level[e]), grid.cell(selected.trend[e]));
            int index = find(key);
            if (cellOf[index] == EMPTY) {
                keys[index] = key;
                cellOf[index] = cells++;
            }
            entryCell[e] = cellOf[index];
            count[cellOf[index]]++;
        }
        if (start.length < cells + 1) {
            start = new int[Math.max(cells + 1, 2 * start.length)];
        }
        int total = 0;
        for (int c = 0; c < cells; c++) {
            start[c] = total;
            total += count[c];
        }
        start[cells] = total;
        entries = total;
        int[] fill = count;
        for (int c = 0; c < cells; c++) {
            fill[c] = start[c];
        }
        float maxNorm = 0;
        int stride = CandidateTable.STRIDE;
        for (int e = 0; e < size; e++) {
            int c = entryCell[e];
            if (c != EMPTY) {
                int j = fill[c]++;
                entry[j] = e;
                for (int k = 0; k < stride; k++) {
                    column[k][j] = selected.features[e * stride + k];
                }
                maxNorm = Math.max(maxNorm, selected.featureNorm[e]);
            }
        }
        maxFeatureNorm = maxNorm;
    }

    /** @return the index of cell (cx, cy) for {@link #from}/{@link #to}, or -1 if it is empty */
    int cell(long cx, long cy) {
        if (entries == 0) {
            return EMPTY;
        }
        return cellOf[find(SelectionGrid.key(cx, cy))];
    }

    /** @return how many entry positions there are (the size of a bound array over them) */
    int capacity() {
        return entry.length;
    }

    int from(int cell) {
        return start[cell];
    }

    int to(int cell) {
        return start[cell + 1];
    }

    private int find(long key) {
        int index = (int) SelectionGrid.mix(key) & mask;
        while (cellOf[index] != EMPTY && keys[index] != key) {
            index = (index + 1) & mask;
        }
        return index;
    }
}
