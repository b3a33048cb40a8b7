package org.trainscope.algorithms.sampling.provider;

import java.util.Map;
import java.util.Objects;

import org.trainscope.algorithms.sampling.SamplingParameters;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * What a training-dynamics chart is asked for: a tensor's polylines (grouped as {@code grouping}
 * says, over its {@code layout}) over a range of records, drawn at a pixel size, with a sampler,
 * its sample size, seed and further declared parameters. The view makes a new request on every
 * zoom, resize or change of settings; the command line makes one from its options.
 *
 * @param run               the run the tensor belongs to (null when unknown): when the workbench's
 *                          RunManager holds it, its closing cancels the computation
 * @param tensor            the tensor as recorded
 * @param layout            how the tensor's records are laid out in probe inputs and units
 * @param grouping          which polylines are drawn
 * @param fromRecord        first record of the range
 * @param toRecord          end (exclusive) of the range
 * @param samplerId         id of a sampler contributed to {@code org.trainscope.core.algorithms}
 * @param sampleCount       how many polylines to sample (at most all of them are)
 * @param seed              the sampler's seed
 * @param samplerParameters further declared parameters of the sampler, name to text (parsed and
 *                          checked against the declaration when the chart is computed)
 * @param symlog            symmetric-log value axis instead of a linear one
 * @param width             width in pixels of the plot area (without the axes' margins)
 * @param height            height in pixels of the plot area
 * @param valueLow          lower end of a zoomed value window, NaN for the whole range
 * @param valueHigh         upper end of a zoomed value window, NaN for the whole range
 */
public record DynamicsRequest(Run run, TensorSeries tensor, NeuronLayout layout, NeuronGrouping grouping,
        int fromRecord, int toRecord, String samplerId, int sampleCount, long seed,
        Map<String, String> samplerParameters, boolean symlog, int width, int height, double valueLow,
        double valueHigh) {

    /** The sampler the view and the command line use unless told otherwise. */
    public static final String BLUE_NOISE = "org.trainscope.algorithms.sampling.blueNoise";
    /** The view's default sample size. */
    public static final int DEFAULT_SAMPLE_COUNT = SamplingParameters.DEFAULT_SAMPLE_COUNT;
    public static final long DEFAULT_SEED = 42;

    public DynamicsRequest {
        Objects.requireNonNull(tensor);
        Objects.requireNonNull(layout);
        Objects.requireNonNull(grouping);
        Objects.requireNonNull(samplerId);
        samplerParameters = Map.copyOf(samplerParameters);
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("chart too small: " + width + "x" + height);
        }
        if (!grouping.appliesTo(layout)) {
            throw new IllegalArgumentException(grouping.label(layout) + " does not apply to " + tensor.id());
        }
        if (fromRecord < 0 || toRecord > tensor.iterationCount() || toRecord - fromRecord < 2) {
            throw new IllegalArgumentException("records [" + fromRecord + ", " + toRecord + ") of " + tensor.id()
                    + ": a chart over time needs at least 2 of its " + tensor.iterationCount() + " records");
        }
        if (sampleCount < 1) {
            throw new IllegalArgumentException("sample size " + sampleCount + ": give at least 1");
        }
    }

    /**
     * All records of {@code tensor}, one polyline per unit, blue-noise sampling of 300 with seed 42,
     * linear axis, 800 x 400 pixels: what the view shows first, for plain Java callers.
     *
     * @param run the run {@code tensor} belongs to (its probe inputs give the layout), or null
     */
    public static DynamicsRequest of(Run run, TensorSeries tensor) {
        return new DynamicsRequest(run, tensor, NeuronLayout.of(run, tensor), NeuronGrouping.UNITS, 0,
                tensor.iterationCount(), BLUE_NOISE, DEFAULT_SAMPLE_COUNT, DEFAULT_SEED, Map.of(), false, 800, 400,
                Double.NaN, Double.NaN);
    }

    /** True when the value axis is zoomed to a window. */
    public boolean hasValueWindow() {
        return Double.isFinite(valueLow) && Double.isFinite(valueHigh) && valueHigh > valueLow;
    }

    public DynamicsRequest withValueWindow(double low, double high) {
        return new DynamicsRequest(run, tensor, layout, grouping, fromRecord, toRecord, samplerId, sampleCount, seed,
                samplerParameters, symlog, width, height, low, high);
    }

    public DynamicsRequest withRange(int from, int to) {
        return new DynamicsRequest(run, tensor, layout, grouping, from, to, samplerId, sampleCount, seed,
                samplerParameters, symlog, width, height, valueLow, valueHigh);
    }

    public DynamicsRequest withSampler(String id, int count, long newSeed, Map<String, String> parameters) {
        return new DynamicsRequest(run, tensor, layout, grouping, fromRecord, toRecord, id, count, newSeed,
                parameters, symlog, width, height, valueLow, valueHigh);
    }

    public DynamicsRequest withGrouping(NeuronGrouping g) {
        return new DynamicsRequest(run, tensor, layout, g, fromRecord, toRecord, samplerId, sampleCount, seed,
                samplerParameters, symlog, width, height, Double.NaN, Double.NaN);
    }

    public DynamicsRequest withSymlog(boolean log) {
        return new DynamicsRequest(run, tensor, layout, grouping, fromRecord, toRecord, samplerId, sampleCount, seed,
                samplerParameters, log, width, height, Double.NaN, Double.NaN);
    }

    public DynamicsRequest withSize(int w, int h) {
        return new DynamicsRequest(run, tensor, layout, grouping, fromRecord, toRecord, samplerId, sampleCount, seed,
                samplerParameters, symlog, w, h, valueLow, valueHigh);
    }
}
