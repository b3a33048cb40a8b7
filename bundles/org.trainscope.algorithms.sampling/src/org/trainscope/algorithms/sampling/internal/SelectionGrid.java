package org.trainscope.algorithms.sampling.internal;

import java.util.Arrays;

/**
 * A uniform grid over two 1-Lipschitz projections (level, trend) of the selected polylines, with a
 * cell as wide as the radius: every selected polyline closer than the radius to a candidate lies in
 * the 3x3 cells around the candidate's cell. Cells live in an open-addressing hash table (no boxing:
 * the grid is probed nine times per candidate per pass); each cell is a linked list through
 * {@link #next}. Read concurrently, written only between parallel phases.
 */
final class SelectionGrid {

    private static final int EMPTY = -1;

    private long[] keys;
    private int[] heads;
    private int mask;
    private int[] next;
    private double cellSize = 1;

    SelectionGrid(int capacity) {
        next = new int[Math.max(1, capacity)];
        allocate(Math.max(1, capacity));
    }

    private void allocate(int expectedCells) {
        int tableSize = Integer.highestOneBit(Math.max(16, expectedCells * 2 - 1)) << 1;
        keys = new long[tableSize];
        heads = new int[tableSize];
        Arrays.fill(heads, EMPTY);
        mask = tableSize - 1;
    }

    double cellSize() {
        return cellSize;
    }

    /** Empties the grid and sets a new cell size; the caller re-inserts the selected polylines. */
    void reset(double newCellSize, int expectedEntries) {
        this.cellSize = newCellSize;
        allocate(Math.max(1, expectedEntries));
    }

    long cell(float coordinate) {
        return (long) Math.floor(coordinate / cellSize);
    }

    void insert(int entry, float level, float trend) {
        if (entry >= next.length) {
            next = Arrays.copyOf(next, Math.max(entry + 1, 2 * next.length));
        }
        long key = key(cell(level), cell(trend));
        int index = find(key);
        if (heads[index] == EMPTY) {
            keys[index] = key;
            next[entry] = EMPTY;
        } else {
            next[entry] = heads[index];
        }
        heads[index] = entry;
        // the table holds at most one cell per entry; keep it at most half full
        if (entry + 1 > (mask + 1) / 2) {
            rehash(entry + 1);
        }
    }

    private void rehash(int entries) {
        long[] oldKeys = keys;
        int[] oldHeads = heads;
        allocate(entries * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldHeads[i] != EMPTY) {
                int index = find(oldKeys[i]);
                keys[index] = oldKeys[i];
                heads[index] = oldHeads[i];
            }
        }
    }

    /** @return the first entry of cell (cx, cy), or -1; follow with {@link #next(int)} */
    int first(long cx, long cy) {
        int head = heads[find(key(cx, cy))];
        return head;
    }

    int next(int entry) {
        return next[entry];
    }

    private int find(long key) {
        int index = (int) mix(key) & mask;
        while (heads[index] != EMPTY && keys[index] != key) {
            index = (index + 1) & mask;
        }
        return index;
    }

    static long key(long cx, long cy) {
        return cx * 0x9E3779B97F4A7C15L + cy;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        return z ^ (z >>> 29);
    }
}
