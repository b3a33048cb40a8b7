package org.trainscope.ui.credit.internal;

import java.util.Map;

import org.trainscope.algorithms.credit.Composites;

/**
 * Readable names of the LRP rules and composites of {@link Composites#NAMES}, as the LRP
 * literature writes them; the view shows the identifier in parentheses after each.
 */
public final class CompositeNames {
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("epsilonGammaBox", "ε dense + γ conv + z^B input layer"),
            Map.entry("epsilonPlus", "ε dense + z⁺ conv"),
            Map.entry("epsilonPlusFlat", "ε dense + z⁺ conv + flat input layer"),
            Map.entry("epsilonAlpha2Beta1", "ε dense + α2β1 conv"),
            Map.entry("epsilonAlpha2Beta1Flat", "ε dense + α2β1 conv + flat input layer"),
            Map.entry("lrp0", "LRP-0 (basic rule) everywhere"),
            Map.entry("epsilon", "ε-rule everywhere"),
            Map.entry("gamma", "γ-rule everywhere"),
            Map.entry("alpha1Beta0", "LRP-α1β0 everywhere"),
            Map.entry("alpha2Beta1", "LRP-α2β1 everywhere"),
            Map.entry("zPlus", "z⁺-rule everywhere"));

    private CompositeNames() {
    }

    /** "ε-rule everywhere (epsilon)": the readable name with the identifier. */
    public static String label(String id) {
        String name = LABELS.get(id);
        return name == null ? id : name + " (" + id + ")";
    }

    /** The identifier of a {@link #label}, or the text itself when it is one. */
    public static String id(String label) {
        int open = label.lastIndexOf(" (");
        return open >= 0 && label.endsWith(")") ? label.substring(open + 2, label.length() - 1) : label;
    }
}
