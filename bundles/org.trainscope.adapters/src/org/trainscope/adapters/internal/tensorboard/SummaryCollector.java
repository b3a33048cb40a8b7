package org.trainscope.adapters.internal.tensorboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.trainscope.adapters.internal.io.TensorKinds;
import org.trainscope.core.model.InMemoryTensorSeries;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.TensorSeries;

/**
 * Collects the summaries of one or more event files into run data, within fixed memory budgets
 * (values past a budget are dropped with a warning, not an error: the rest of the log is still
 * worth showing).
 *
 * <p>Design: a scalar tag becomes a {@link MetricSeries}. A histogram tag becomes five metrics
 * ({@code tag/min}, {@code /max}, {@code /mean}, {@code /std}, {@code /count}) and one tensor
 * series {@code tag} whose records are the steps and whose {@link HistogramGrid#BINS} neurons are
 * the bins of one grid spanning the tag's overall [min, max], so that steps are comparable neuron
 * by neuron even though each step has its own bucket edges. Where one step appears twice (a
 * restarted job), the later value wins.
 */
public final class SummaryCollector implements SummarySink {
    static final long MAX_SCALAR_POINTS = 10_000_000;
    static final long MAX_HISTOGRAMS = 200_000;
    static final int MAX_TAGS = 10_000;
    private static final int CANCEL_CHECK_STEPS = 1024;

    private final Map<String, TreeMap<Long, Double>> scalars = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, Histogram>> histograms = new LinkedHashMap<>();
    private final Map<String, Integer> ignored = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private String tagPrefix = "";
    private long scalarPoints;
    private long histogramCount;
    private long replaced;
    private boolean overBudget;

    /** Tags of the following events get this prefix (the sub-folder of a log folder). */
    public void setTagPrefix(String prefix) {
        this.tagPrefix = prefix;
    }

    @Override
    public void scalar(String tag, long step, double value) {
        TreeMap<Long, Double> series = series(scalars, tagPrefix + tag);
        if (series == null || !withinBudget(scalarPoints < MAX_SCALAR_POINTS)) {
            return;
        }
        if (series.put(step, value) != null) {
            replaced++;
        } else {
            scalarPoints++;
        }
    }

    @Override
    public void histogram(String tag, long step, Histogram h) {
        TreeMap<Long, Histogram> series = series(histograms, tagPrefix + tag);
        if (series == null || !withinBudget(histogramCount < MAX_HISTOGRAMS)) {
            return;
        }
        if (series.put(step, h) != null) {
            replaced++;
        } else {
            histogramCount++;
        }
    }

    @Override
    public void ignored(String tag, String what) {
        ignored.merge(what, 1, Integer::sum);
    }

    private <T> TreeMap<Long, T> series(Map<String, TreeMap<Long, T>> map, String tag) {
        TreeMap<Long, T> s = map.get(tag);
        if (s == null && withinBudget(scalars.size() + histograms.size() < MAX_TAGS)) {
            s = new TreeMap<>();
            map.put(tag, s);
        }
        return s;
    }

    private boolean withinBudget(boolean ok) {
        if (!ok && !overBudget) {
            overBudget = true;
            warnings.add("the log holds more than " + MAX_TAGS + " tags, " + MAX_SCALAR_POINTS + " scalar points or "
                    + MAX_HISTOGRAMS + " histograms; the rest was not read");
        }
        return ok;
    }

    public void warn(String warning) {
        warnings.add(warning);
    }

    public List<String> warnings() {
        List<String> all = new ArrayList<>(warnings);
        if (replaced > 0) {
            all.add(replaced + " values repeated a step already seen for their tag; the later value was kept");
        }
        ignored.forEach((what, n) -> all.add(n + " summary values of kind '" + what + "' are not shown"));
        return all;
    }

    public List<MetricSeries> metrics() {
        List<MetricSeries> out = new ArrayList<>();
        scalars.forEach((tag, points) -> out.add(metric(tag, points)));
        histograms.forEach((tag, steps) -> {
            out.add(histogramMetric(tag + "/min", steps, Histogram::min));
            out.add(histogramMetric(tag + "/max", steps, Histogram::max));
            out.add(histogramMetric(tag + "/mean", steps, Histogram::mean));
            out.add(histogramMetric(tag + "/std", steps, Histogram::std));
            out.add(histogramMetric(tag + "/count", steps, Histogram::num));
        });
        return out;
    }

    public List<TensorSeries> tensors() {
        return tensors(new NullProgressMonitor());
    }

    /**
     * One series per histogram tag. Appending is amortised ({@link InMemoryTensorSeries}), so a tag
     * of n steps costs O(n); {@code monitor} is looked at every {@value #CANCEL_CHECK_STEPS} steps.
     */
    public List<TensorSeries> tensors(IProgressMonitor monitor) {
        List<TensorSeries> out = new ArrayList<>();
        for (Map.Entry<String, TreeMap<Long, Histogram>> tag : histograms.entrySet()) {
            InMemoryTensorSeries t = new InMemoryTensorSeries(tag.getKey(), tag.getKey(), TensorKinds.guess(tag.getKey()),
                    HistogramGrid.BINS);
            HistogramGrid grid = HistogramGrid.spanning(tag.getValue().values());
            int n = 0;
            for (Map.Entry<Long, Histogram> step : tag.getValue().entrySet()) {
                if (n++ % CANCEL_CHECK_STEPS == 0 && monitor.isCanceled()) {
                    throw new OperationCanceledException();
                }
                t.append(step.getKey(), grid.resample(step.getValue()));
            }
            out.add(t);
        }
        return out;
    }

    private static MetricSeries metric(String name, TreeMap<Long, Double> points) {
        long[] steps = points.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] values = points.values().stream().mapToDouble(Double::doubleValue).toArray();
        return new MetricSeries(name, steps, values);
    }

    private interface Statistic {
        double of(Histogram h);
    }

    private static MetricSeries histogramMetric(String name, TreeMap<Long, Histogram> steps, Statistic s) {
        long[] its = steps.keySet().stream().mapToLong(Long::longValue).toArray();
        double[] values = new double[its.length];
        int i = 0;
        for (Histogram h : steps.values()) {
            values[i++] = s.of(h);
        }
        return new MetricSeries(name, its, Arrays.copyOf(values, i));
    }
}
