package org.trainscope.algorithms.sampling.provider;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

import org.trainscope.core.model.AveragedTensorSeries;
import org.trainscope.core.model.NeuronLayout;
import org.trainscope.core.model.TensorSeries;

/**
 * Which polylines the chart draws for a recorded tensor: one per unit (the default, a unit's mean
 * over the probe inputs when the tensor has a probe axis), one per unit and probe input, or one
 * per channel of a convolution's output. Names polylines, counts and selections in the terms of
 * {@link NeuronLayout}, so the chart, its tooltips and the published selection speak alike.
 */
public enum NeuronGrouping {
    /** One polyline per unit: its mean over the probe inputs, or the value itself without probe axis. */
    UNITS("Units", "Units (mean over probe inputs)") {
        @Override
        public boolean appliesTo(NeuronLayout layout) {
            return true;
        }

        @Override
        public TensorSeries polylines(TensorSeries recorded, NeuronLayout layout) {
            return layout.hasProbeAxis() ? AveragedTensorSeries.perUnit(recorded, layout) : recorded;
        }

        @Override
        public String describe(int polyline, NeuronLayout layout) {
            return layout.describeUnit(polyline);
        }

        @Override
        public int[] units(int[] polylines, NeuronLayout layout) {
            return sortedDistinct(IntStream.of(polylines));
        }
    },
    /** One polyline per unit and probe input, as recorded. */
    PROBE_UNITS("Units on each probe input", "Units on each probe input") {
        @Override
        public boolean appliesTo(NeuronLayout layout) {
            return layout.hasProbeAxis();
        }

        @Override
        public TensorSeries polylines(TensorSeries recorded, NeuronLayout layout) {
            return recorded;
        }

        @Override
        public String describe(int polyline, NeuronLayout layout) {
            return layout.describeUnit(layout.unitOf(polyline)) + " on probe input " + layout.probeOf(polyline);
        }

        @Override
        public int[] units(int[] polylines, NeuronLayout layout) {
            return sortedDistinct(IntStream.of(polylines).map(layout::unitOf));
        }

        @Override
        public int probe(int[] polylines, NeuronLayout layout) {
            int[] probes = sortedDistinct(IntStream.of(polylines).map(layout::probeOf));
            return probes.length == 1 ? probes[0] : -1;
        }

        @Override
        public String count(NeuronLayout layout) {
            return UNITS.count(layout) + " × " + layout.probeCount() + " probe inputs";
        }
    },
    /** One polyline per channel of a (channel, y, x) layout: the mean over probe inputs and positions. */
    CHANNELS("Channels (mean over y and x)", "Channels (mean over probe inputs, y and x)") {
        @Override
        public boolean appliesTo(NeuronLayout layout) {
            return layout.isSpatial();
        }

        @Override
        public TensorSeries polylines(TensorSeries recorded, NeuronLayout layout) {
            return AveragedTensorSeries.perChannel(recorded, layout);
        }

        @Override
        public String describe(int polyline, NeuronLayout layout) {
            return layout.describeChannel(polyline);
        }

        /** A selected channel stands for all its units. */
        @Override
        public int[] units(int[] polylines, NeuronLayout layout) {
            int[] shape = layout.unitShape();
            int positions = shape[1] * shape[2];
            return sortedDistinct(IntStream.of(polylines)
                    .flatMap(c -> IntStream.range(c * positions, (c + 1) * positions)));
        }

        @Override
        public String count(NeuronLayout layout) {
            int[] s = layout.unitShape();
            return String.format(Locale.ROOT, "%d channels of %d × %d", s[0], s[1], s[2]);
        }
    };

    private final String label;
    private final String labelWithProbes;

    NeuronGrouping(String label, String labelWithProbes) {
        this.label = label;
        this.labelWithProbes = labelWithProbes;
    }

    /** What the choice is called in the view for a tensor of this layout. */
    public String label(NeuronLayout layout) {
        return layout.hasProbeAxis() ? labelWithProbes : label;
    }

    /** True when the grouping makes sense for a tensor of this layout. */
    public abstract boolean appliesTo(NeuronLayout layout);

    /** The polylines to draw: the recorded tensor, or an averaging view of it. */
    public abstract TensorSeries polylines(TensorSeries recorded, NeuronLayout layout);

    /** How a polyline is named in tooltips: "unit 17", "channel 3 (y 5, x 7) on probe input 2", "channel 3". */
    public abstract String describe(int polyline, NeuronLayout layout);

    /** The units (as NeuronSelection (org.trainscope.ui) counts them) that polylines stand for. */
    public abstract int[] units(int[] polylines, NeuronLayout layout);

    /** The probe input the polylines were all seen on, or -1 when they stand for all of them. */
    public int probe(int[] polylines, NeuronLayout layout) {
        return -1;
    }

    /** The header's count: "256 units", "16 channels × 28 × 28 = 12544 units", "… × 16 probe inputs". */
    public String count(NeuronLayout layout) {
        int[] s = layout.unitShape();
        String units = layout.unitCount() + (layout.unitCount() == 1 ? " unit" : " units");
        if (layout.isSpatial()) {
            return String.format(Locale.ROOT, "%d channels × %d × %d = %s", s[0], s[1], s[2], units);
        }
        return s.length > 1 ? Arrays.toString(s).replace(", ", " × ") + " = " + units : units;
    }

    /** The groupings that apply to a layout, the default first. */
    public static NeuronGrouping[] choicesFor(NeuronLayout layout) {
        return Arrays.stream(values()).filter(g -> g.appliesTo(layout)).toArray(NeuronGrouping[]::new);
    }

    private static int[] sortedDistinct(IntStream values) {
        return values.sorted().distinct().toArray();
    }
}
