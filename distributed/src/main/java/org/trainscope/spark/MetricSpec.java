package org.trainscope.spark;

import java.io.Serializable;

import org.trainscope.algorithms.sampling.PolylineMetric;

/** A {@link PolylineMetric} sent to the tasks (the metric class itself is not serializable). */
record MetricSpec(int from, int to, int segments, double lo, double scale, double positionWeight, double directionWeight)
        implements Serializable {
    static MetricSpec of(PolylineMetric m, int segmentsOption) {
        return new MetricSpec(m.from(), m.to(), segmentsOption, m.lo(), m.scale(), m.positionWeight(), m.directionWeight());
    }

    PolylineMetric metric() {
        return new PolylineMetric(from, to, segments, lo, scale, positionWeight, directionWeight);
    }
}
