package org.trainscope.ui.cnnvis.internal;

import org.trainscope.algorithms.clustering.provider.EdgeEncoding;
import org.trainscope.ui.cnnvis.FacetDescriptor;

/**
 * What the view changes by redrawing alone: the edge colour coding (every bundle carries all
 * encodings), the facet, the edge opacity (0-255), the sign filters, the bicluster filter and
 * whether the outlier edges are drawn.
 *
 * @param minStrength the bicluster filter: bundles whose mean |weight| is below this share (0-1)
 *        of the strongest bundle's are not drawn
 * @param showOutliers whether the edges no bundle covers are drawn (thin)
 */
public record DrawOptions(EdgeEncoding encoding, FacetDescriptor facet, int opacity, boolean positive,
        boolean negative, double minStrength, boolean showOutliers) {

    /** True when a bundle of value {@code v} is shown under the sign filters (non-finite: always). */
    public boolean shows(double v) {
        if (!Double.isFinite(v)) {
            return true;
        }
        return v >= 0 ? positive : negative;
    }
}
