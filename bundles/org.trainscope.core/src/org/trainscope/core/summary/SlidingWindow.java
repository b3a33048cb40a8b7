package org.trainscope.core.summary;

import java.util.Arrays;

/**
 * The last {@code capacity} values added, kept sorted, for medians and median absolute deviations
 * over a sliding window in O(capacity) per step without allocating: the anomaly finder asks for
 * them at every point of a loss, and sorting a fresh copy per point took about 2 s per million
 * points. The results are the same doubles as sorting the window would give.
 */
final class SlidingWindow {
    private final double[] arrival;
    private final double[] sorted;
    private int size;
    private int oldest;

    SlidingWindow(int capacity) {
        this.arrival = new double[capacity];
        this.sorted = new double[capacity];
    }

    int size() {
        return size;
    }

    /** Adds {@code x} (not NaN), dropping the oldest value when the window is full. */
    void add(double x) {
        if (size == arrival.length) {
            double gone = arrival[oldest];
            arrival[oldest] = x;
            oldest = (oldest + 1) % arrival.length;
            int at = indexOf(gone);
            System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
            size--;
        } else {
            arrival[(oldest + size) % arrival.length] = x;
        }
        int at = insertionPoint(x);
        System.arraycopy(sorted, at, sorted, at + 1, size - at);
        sorted[at] = x;
        size++;
    }

    /** Removes the value added first of those still in the window. */
    void removeOldest() {
        if (size == 0) {
            throw new IllegalStateException("empty window");
        }
        int at = indexOf(arrival[oldest]);
        System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
        oldest = (oldest + 1) % arrival.length;
        size--;
    }

    /** The median of the window (the mean of the two middle values for an even size). */
    double median() {
        return (sorted[(size - 1) / 2] + sorted[size / 2]) / 2;
    }

    /** The median of |value − center| over the window, by merging both sides of {@code center}. */
    double medianAbsoluteDeviation(double center) {
        int right = insertionPoint(center);
        int left = right - 1;
        int wantLow = (size - 1) / 2;
        int wantHigh = size / 2;
        double low = 0;
        for (int k = 0; k <= wantHigh; k++) {
            double next;
            if (left < 0) {
                next = sorted[right++] - center;
            } else if (right >= size) {
                next = center - sorted[left--];
            } else if (center - sorted[left] <= sorted[right] - center) {
                next = center - sorted[left--];
            } else {
                next = sorted[right++] - center;
            }
            if (k == wantLow) {
                low = next;
            }
            if (k == wantHigh) {
                return (low + next) / 2;
            }
        }
        throw new IllegalStateException("empty window");
    }

    private int insertionPoint(double x) {
        int at = Arrays.binarySearch(sorted, 0, size, x);
        return at >= 0 ? at : -at - 1;
    }

    private int indexOf(double x) {
        int at = Arrays.binarySearch(sorted, 0, size, x);
        if (at < 0) {
            throw new IllegalStateException("value " + x + " is not in the window");
        }
        return at;
    }
}
