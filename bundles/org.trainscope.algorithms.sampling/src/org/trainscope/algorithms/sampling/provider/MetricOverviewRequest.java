package org.trainscope.algorithms.sampling.provider;

import java.util.List;
import java.util.Objects;

import org.trainscope.core.model.Run;

/**
 * What the training overview asks {@link MetricOverviewProvider} for: metrics of one or more runs
 * over an iteration range, at a plot size in pixels, on a linear or symmetric-log value axis.
 *
 * @param runs the runs, overlaid in this order (a run's colour follows its place)
 * @param metrics the metric names; a run without one of them simply has no series for it
 * @param fromIteration first iteration shown ({@link Long#MIN_VALUE}: from the first recorded)
 * @param toIteration last iteration shown, inclusive ({@link Long#MAX_VALUE}: to the last recorded)
 * @param width plot width in pixels: one min/max column per pixel
 * @param height plot height in pixels (for the value ticks)
 * @param symlog symmetric-log value axis (zero and negative values keep their place, see
 *        {@link MetricOverviewModel#axis()})
 * @param clipOutliers let the value axis leave out a few far outlying columns (a loss that explodes by
 *        twenty decades before it turns NaN would flatten everything else); they are drawn at the
 *        plot's edge and the model says how far they reach
 * @param scanTensors also read every tensor record for the runs' first NaN/Inf (slow on big runs;
 *        {@link MetricOverviewProvider} remembers the result until the run has new records)
 */
public record MetricOverviewRequest(List<Run> runs, List<String> metrics, long fromIteration, long toIteration,
        int width, int height, boolean symlog, boolean clipOutliers, boolean scanTensors) {

    /** The metric most views start with. */
    public static final String LOSS = "loss";

    public MetricOverviewRequest {
        runs = List.copyOf(runs);
        metrics = List.copyOf(metrics);
        runs.forEach(Objects::requireNonNull);
        if (width < 2 || height < 2) {
            throw new IllegalArgumentException("plot of " + width + " x " + height + " pixels: give at least 2 x 2");
        }
        if (toIteration < fromIteration) {
            throw new IllegalArgumentException("iterations " + fromIteration + " to " + toIteration
                    + ": the range is empty");
        }
    }

    /** Every recorded iteration of {@code metrics}, linear axis, outliers clipped, metric anomalies only. */
    public static MetricOverviewRequest of(List<Run> runs, List<String> metrics, int width, int height) {
        return new MetricOverviewRequest(runs, metrics, Long.MIN_VALUE, Long.MAX_VALUE, width, height, false, true,
                false);
    }

    public MetricOverviewRequest withRange(long from, long to) {
        return new MetricOverviewRequest(runs, metrics, from, to, width, height, symlog, clipOutliers, scanTensors);
    }

    public MetricOverviewRequest withSymlog(boolean log) {
        return new MetricOverviewRequest(runs, metrics, fromIteration, toIteration, width, height, log, clipOutliers, scanTensors);
    }

    public MetricOverviewRequest withTensorScan(boolean scan) {
        return new MetricOverviewRequest(runs, metrics, fromIteration, toIteration, width, height, symlog, clipOutliers, scan);
    }

    public MetricOverviewRequest withClipping(boolean clip) {
        return new MetricOverviewRequest(runs, metrics, fromIteration, toIteration, width, height, symlog, clip,
                scanTensors);
    }

    public MetricOverviewRequest withSize(int w, int h) {
        return new MetricOverviewRequest(runs, metrics, fromIteration, toIteration, w, h, symlog, clipOutliers, scanTensors);
    }
}
