package org.trainscope.adapters.internal.protobuf;

import java.util.Arrays;

/** A growable list of longs with a hard cap, so a stream of tiny repeated fields cannot exhaust the heap. */
public final class LongList {
    private final int cap;
    private long[] values = new long[8];
    private int size;

    public LongList(int cap) {
        this.cap = cap;
    }

    /** Appends {@code v}; false (and nothing added) when the list is full. */
    public boolean add(long v) {
        if (size == cap) {
            return false;
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, (int) Math.min(cap, values.length * 2L));
        }
        values[size++] = v;
        return true;
    }

    public int cap() {
        return cap;
    }

    public int size() {
        return size;
    }

    public long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
