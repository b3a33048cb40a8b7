package org.trainscope.ui.cnnvis.internal;

import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.ui.cnnvis.FacetDescriptor;

/**
 * What the view changes by redrawing alone: the edge colour coding (every bundle carries all
 * encodings), the facet, the edge opacity (0-255) and the sign filters.
 */
public record DrawOptions(EdgeEncoding encoding, FacetDescriptor facet, int opacity, boolean positive,
        boolean negative) {

    /** True when a bundle of value {@code v} is shown under the sign filters (non-finite: always). */
    public boolean shows(double v) {
        if (!Double.isFinite(v)) {
            return true;
        }
        return v >= 0 ? positive : negative;
    }
}
