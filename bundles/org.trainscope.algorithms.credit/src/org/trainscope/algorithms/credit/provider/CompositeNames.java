package org.trainscope.algorithms.credit.provider;

import java.util.Map;

import org.trainscope.algorithms.credit.Composites;

/**
 * Readable names of the LRP rules and composites of {@link Composites#NAMES}, as the LRP
 * literature writes them ("ε dense, γ conv, z^B input": the rule of each layer type); the view's
 * combo shows them, its tooltip the identifier and what the rules do, and the status line both.
 */
public final class CompositeNames {
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("epsilonGammaBox", "ε dense, γ conv, z^B input"),
            Map.entry("epsilonPlus", "ε dense, z⁺ conv"),
            Map.entry("epsilonPlusFlat", "ε dense, z⁺ conv, flat input"),
            Map.entry("epsilonAlpha2Beta1", "ε dense, α2β1 conv"),
            Map.entry("epsilonAlpha2Beta1Flat", "ε dense, α2β1 conv, flat input"),
            Map.entry("lrp0", "LRP-0 everywhere"),
            Map.entry("epsilon", "ε-rule everywhere"),
            Map.entry("gamma", "γ-rule everywhere"),
            Map.entry("alpha1Beta0", "LRP-α1β0 everywhere"),
            Map.entry("alpha2Beta1", "LRP-α2β1 everywhere"),
            Map.entry("zPlus", "z⁺-rule everywhere"));

    private CompositeNames() {
    }

    /** "ε-rule everywhere": the readable name, or the identifier when there is none. */
    public static String name(String id) {
        return LABELS.getOrDefault(id, id);
    }

    /** "ε-rule everywhere (epsilon)": the readable name with the identifier. */
    public static String label(String id) {
        String name = LABELS.get(id);
        return name == null ? id : name + " (" + id + ")";
    }

    /** For the combo's tooltip: the identifier and what the rules do. */
    public static String description(String id) {
        return id + ": LRP rule per layer type (ε absorbs weak, contradictory relevance in dense layers; γ, z⁺ and "
                + "α-β favour positive evidence in convolutions; z^B and flat respect the input domain at the input "
                + "layer)";
    }
}
