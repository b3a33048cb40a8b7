package org.trainscope.algorithms.credit;

import java.util.Map;

import org.trainscope.core.operators.RelevanceRule;

/**
 * The LRP rules the built-in operators know, by the names they are matched on. Formulas in
 * docs/algorithms/credit-assignment.md.
 */
public final class Rules {
    public static final String LRP0 = "lrp0";
    public static final String EPSILON = "epsilon";
    public static final String GAMMA = "gamma";
    public static final String ALPHA_BETA = "alphaBeta";
    public static final String Z_PLUS = "zPlus";
    public static final String FLAT = "flat";
    public static final String Z_BOX = "zBox";

    /** Zennit's default stabiliser. */
    public static final double DEFAULT_EPSILON = 1e-6;
    /** The gamma of Zennit's EpsilonGammaBox composite and of Montavon et al. (2019). */
    public static final double DEFAULT_GAMMA = 0.25;

    private Rules() {
    }

    public static RelevanceRule lrp0() {
        return RelevanceRule.LRP_0;
    }

    public static RelevanceRule epsilon(double epsilon) {
        return new RelevanceRule(EPSILON, Map.of("epsilon", epsilon));
    }

    public static RelevanceRule gamma(double gamma) {
        return new RelevanceRule(GAMMA, Map.of("gamma", gamma));
    }

    public static RelevanceRule alphaBeta(double alpha, double beta) {
        return new RelevanceRule(ALPHA_BETA, Map.of("alpha", alpha, "beta", beta));
    }

    public static RelevanceRule zPlus() {
        return new RelevanceRule(Z_PLUS, Map.of());
    }

    public static RelevanceRule flat() {
        return new RelevanceRule(FLAT, Map.of());
    }

    /** For the input layer when inputs lie in [low, high] (e.g. pixels in [0, 1]). */
    public static RelevanceRule zBox(double low, double high) {
        return new RelevanceRule(Z_BOX, Map.of("low", low, "high", high));
    }
}
