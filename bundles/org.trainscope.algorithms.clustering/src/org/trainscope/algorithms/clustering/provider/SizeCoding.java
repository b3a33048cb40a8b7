package org.trainscope.algorithms.clustering.provider;

import java.util.Locale;

/**
 * What the area of a cluster's rectangle stands for (CNNVis's "size coding"): the weight of the
 * cluster's leaf in the {@code RectanglePacking} of its group. The original paper's panel names the
 * control without saying what it offers; the count of neurons is what its figures show (a cluster
 * of more neurons is larger), the other two are TrainScope's choices for finding strong or small
 * clusters.
 */
public enum SizeCoding {
    /** Area proportional to the cluster's neurons (the default). */
    NEURONS("neurons", "number of neurons"),
    /** Every cluster of a group gets the same area, so a cluster of one neuron is as readable as a big one. */
    UNIFORM("uniform", "uniform"),
    /**
     * Area proportional to the sum over the cluster's neurons of their mean |activation| over the
     * probe inputs (non-finite values count 0), so the clusters that respond strongly stand out.
     */
    ACTIVATION("activation", "activation");

    private final String id;
    private final String label;

    SizeCoding(String id, String label) {
        this.id = id;
        this.label = label;
    }

    /** The spelling of the command line and saved state: neurons, uniform, activation. */
    public String id() {
        return id;
    }

    /** The control's words. */
    public String label() {
        return label;
    }

    public static SizeCoding fromId(String id) {
        for (SizeCoding s : values()) {
            if (s.id.equals(id.toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown size coding '" + id + "' (neurons, uniform, activation)");
    }
}
