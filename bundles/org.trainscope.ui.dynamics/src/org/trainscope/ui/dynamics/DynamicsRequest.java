package org.trainscope.ui.dynamics;

import org.trainscope.core.model.TensorSeries;

/**
 * What the view asks for: a tensor's polylines over a range of records, drawn at the chart's
 * pixel size, with a sampler and sample size. A new request (zoom, resize, other settings)
 * cancels the one before.
 */
public record DynamicsRequest(TensorSeries tensor, int fromRecord, int toRecord, String samplerId, int sampleCount,
        long seed, boolean symlog, int width, int height) {

    public DynamicsRequest {
        if (width < 8 || height < 8) {
            throw new IllegalArgumentException("chart too small: " + width + "x" + height);
        }
    }

    public DynamicsRequest withRange(int from, int to) {
        return new DynamicsRequest(tensor, from, to, samplerId, sampleCount, seed, symlog, width, height);
    }

    public DynamicsRequest withSize(int w, int h) {
        return new DynamicsRequest(tensor, fromRecord, toRecord, samplerId, sampleCount, seed, symlog, w, h);
    }
}
