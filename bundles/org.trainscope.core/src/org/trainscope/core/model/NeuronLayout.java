package org.trainscope.core.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the values of one record of a tensor map to the neurons users count. Activation tensors of
 * a run with probe inputs of P samples are recorded for the whole probe batch: their record shape
 * is {@code [P] + unitShape} (trace format §2, "probe axis"), so record index
 * {@code probe * unitCount + unit} is one <em>unit</em> seen on one probe input. A unit is what a
 * user calls a neuron: one of the 256 units of a dense layer, or (channel, y, x) of a
 * convolution's output. Tensors without a probe axis (weights, gradients, biases) have one unit
 * per value.
 */
public final class NeuronLayout {
    private final int probeCount;
    private final int[] unitShape;
    private final int unitCount;

    private NeuronLayout(int probeCount, int[] unitShape) {
        this.probeCount = probeCount;
        this.unitShape = unitShape;
        long n = 1;
        for (int d : unitShape) {
            n *= d;
        }
        this.unitCount = (int) Math.min(Integer.MAX_VALUE, n);
    }

    /** The layout of {@code tensor} in {@code run} (run may be null: then no probe axis is known). */
    public static NeuronLayout of(Run run, TensorSeries tensor) {
        int[] shape = tensor.shape();
        int probes = probeCountOf(run);
        if (tensor.kind() == TensorKind.ACTIVATION && probes > 0 && shape.length > 1 && shape[0] == probes) {
            return new NeuronLayout(probes, Arrays.copyOfRange(shape, 1, shape.length));
        }
        return new NeuronLayout(0, shape.clone());
    }

    /** A layout of the given shape, with or without a leading probe axis of {@code probeCount} (0: none). */
    public static NeuronLayout of(int probeCount, int[] unitShape) {
        return new NeuronLayout(Math.max(0, probeCount), unitShape.clone());
    }

    private static int probeCountOf(Run run) {
        if (run == null) {
            return 0;
        }
        return run.probeInputs().map(p -> p.shape().length > 0 ? p.shape()[0] : 0).orElse(0);
    }

    /** True when records hold one block of units per probe input. */
    public boolean hasProbeAxis() {
        return probeCount > 0;
    }

    /** P, the number of probe inputs along the first axis; 0 when there is no probe axis. */
    public int probeCount() {
        return probeCount;
    }

    /** The shape of one probe input's block: [units] for dense layers, [channels, height, width] for convolutions. */
    public int[] unitShape() {
        return unitShape.clone();
    }

    public int unitCount() {
        return unitCount;
    }

    /** True when units are (channel, y, x): the unit shape has rank 3. */
    public boolean isSpatial() {
        return unitShape.length == 3;
    }

    /** Channels of a spatial layout; the unit count otherwise. */
    public int channelCount() {
        return isSpatial() ? unitShape[0] : unitCount;
    }

    /** The channel a unit belongs to (the unit itself when the layout is not spatial). */
    public int channelOf(int unit) {
        return isSpatial() ? unit / (unitShape[1] * unitShape[2]) : unit;
    }

    /** The index into one record of {@code unit} seen on probe input {@code probe}. */
    public int recordIndex(int probe, int unit) {
        return probeCount > 0 ? probe * unitCount + unit : unit;
    }

    /** The unit a record index belongs to. */
    public int unitOf(int recordIndex) {
        return probeCount > 0 ? recordIndex % unitCount : recordIndex;
    }

    /** The probe input a record index belongs to, or -1 when there is no probe axis. */
    public int probeOf(int recordIndex) {
        return probeCount > 0 ? recordIndex / unitCount : -1;
    }

    /** "unit 17", "channel 3 (y 5, x 7)", or "[2, 4]" for other ranks: how views name a unit. */
    public String describeUnit(int unit) {
        if (unitShape.length == 1) {
            return "unit " + unit;
        }
        int[] at = coordinates(unit);
        if (isSpatial()) {
            return String.format(Locale.ROOT, "channel %d (y %d, x %d)", at[0], at[1], at[2]);
        }
        return Arrays.toString(at);
    }

    /** "channel 3": how views name a channel of a spatial layout. */
    public String describeChannel(int channel) {
        return isSpatial() ? "channel " + channel : describeUnit(channel);
    }

    /** The C-order coordinates of a unit within {@link #unitShape()}. */
    public int[] coordinates(int unit) {
        int[] at = new int[unitShape.length];
        int rest = unit;
        for (int d = unitShape.length - 1; d >= 0; d--) {
            at[d] = rest % unitShape[d];
            rest /= unitShape[d];
        }
        return at;
    }
}
