package org.trainscope.ui.dynamics;

import java.util.Objects;

import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/**
 * What the view asks for: a tensor's polylines (grouped as {@code grouping} says, over its
 * {@code layout}) over a range of records, drawn at the chart's pixel size, with a sampler and
 * sample size. A new request (zoom, resize, other settings) cancels the one before.
 *
 * @param run    the run the tensor belongs to (null when unknown): its closing cancels the computation
 * @param tensor the tensor as recorded
 */
public record DynamicsRequest(Run run, TensorSeries tensor, NeuronLayout layout, NeuronGrouping grouping, int fromRecord,
        int toRecord, String samplerId, int sampleCount, long seed, boolean symlog, int width, int height,
        double valueLow, double valueHigh) {

    /** Units as the layout counts them, without a value window. */
    public DynamicsRequest(Run run, TensorSeries tensor, NeuronLayout layout, int fromRecord, int toRecord,
            String samplerId, int sampleCount, long seed, boolean symlog, int width, int height) {
        this(run, tensor, layout, NeuronGrouping.UNITS, fromRecord, toRecord, samplerId, sampleCount, seed, symlog, width,
                height, Double.NaN, Double.NaN);
    }

    public DynamicsRequest {
        Objects.requireNonNull(tensor);
        Objects.requireNonNull(layout);
        Objects.requireNonNull(grouping);
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("chart too small: " + width + "x" + height);
        }
        if (!grouping.appliesTo(layout)) {
            throw new IllegalArgumentException(grouping.label(layout) + " does not apply to " + tensor.id());
        }
    }

    /** True when the user zoomed the value axis. */
    public boolean hasValueWindow() {
        return Double.isFinite(valueLow) && Double.isFinite(valueHigh) && valueHigh > valueLow;
    }

    public DynamicsRequest withValueWindow(double low, double high) {
        return new DynamicsRequest(run, tensor, layout, grouping, fromRecord, toRecord, samplerId, sampleCount, seed, symlog,
                width, height, low, high);
    }
}
