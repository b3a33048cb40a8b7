package org.trainscope.adapters.internal.tensorboard;

/**
 * One TensorBoard histogram: bucket {@code i} counts the values in
 * {@code (limits[i-1], limits[i]]}, the first bucket starting at {@code min}. {@code sum} and
 * {@code sumSquares} are NaN when the source (a tensor-encoded histogram) does not carry them.
 */
public record Histogram(double min, double max, double num, double sum, double sumSquares, double[] limits, double[] counts) {

    public double mean() {
        return num > 0 ? sum / num : Double.NaN;
    }

    public double std() {
        if (!(num > 0)) {
            return Double.NaN;
        }
        double m = sum / num;
        return Math.sqrt(Math.max(0, sumSquares / num - m * m));
    }
}
