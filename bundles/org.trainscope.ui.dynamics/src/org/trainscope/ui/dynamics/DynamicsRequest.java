package org.trainscope.ui.dynamics;

import org.trainscope.core.model.TensorSeries;

/**
 * What the view asks for: a tensor's polylines over a range of records, drawn at the chart's
 * pixel size, with a sampler and sample size. A new request (zoom, resize, other settings)
 * cancels the one before.
 */
public record DynamicsRequest(TensorSeries tensor, int fromRecord, int toRecord, String samplerId, int sampleCount,
        long seed, boolean symlog, int width, int height, double valueLow, double valueHigh) {

    /** Without a value window: the chart spans the finite values of the range. */
    public DynamicsRequest(TensorSeries tensor, int fromRecord, int toRecord, String samplerId, int sampleCount,
            long seed, boolean symlog, int width, int height) {
        this(tensor, fromRecord, toRecord, samplerId, sampleCount, seed, symlog, width, height, Double.NaN, Double.NaN);
    }

    /** True when the user zoomed the value axis. */
    public boolean hasValueWindow() {
        return Double.isFinite(valueLow) && Double.isFinite(valueHigh) && valueHigh > valueLow;
    }

    public DynamicsRequest {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("chart too small: " + width + "x" + height);
        }
    }

    public DynamicsRequest withValueWindow(double low, double high) {
        return new DynamicsRequest(tensor, fromRecord, toRecord, samplerId, sampleCount, seed, symlog, width, height,
                low, high);
    }
}
