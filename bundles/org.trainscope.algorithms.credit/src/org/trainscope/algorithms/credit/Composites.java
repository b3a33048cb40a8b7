package org.trainscope.algorithms.credit;

import java.util.List;

import org.trainscope.core.model.Node;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Rule composites as the LRP literature recommends them (the names follow Zennit): epsilon for
 * dense layers (it absorbs weak, contradictory relevance), gamma or a positive rule for
 * convolutions (it favours positive evidence and gives less noisy maps), and a bounded rule at
 * the pixel layer. Layers that are neither dense nor conv2d (pooling, addition, batch norm)
 * take epsilon; activations and reshapes pass relevance through under every rule.
 */
public final class Composites {
    /** Names accepted by {@link #byName}; the first is the default. */
    public static final List<String> NAMES = List.of("epsilonGammaBox", "epsilonPlus", "epsilonPlusFlat",
            "epsilonAlpha2Beta1", "epsilonAlpha2Beta1Flat", "lrp0", "epsilon", "gamma", "alpha1Beta0", "alpha2Beta1",
            "zPlus");

    /** The operator types that take a composite's convolution rule. */
    private static final java.util.Set<String> CONVOLUTIONS = java.util.Set.of("conv2d", "conv_transpose2d");

    private Composites() {
    }

    /** The same rule everywhere. */
    public static RuleComposite uniform(RelevanceRule rule) {
        return (node, first) -> rule;
    }

    /** Epsilon for dense, {@code conv} for (transposed) convolutions, {@code first} (if not null) for the first layer. */
    public static RuleComposite layered(double epsilon, RelevanceRule conv, RelevanceRule first) {
        RelevanceRule eps = Rules.epsilon(epsilon);
        return (Node node, boolean isFirst) -> {
            if (isFirst && first != null) {
                return first;
            }
            return CONVOLUTIONS.contains(node.operatorType()) ? conv : eps;
        };
    }

    /**
     * A composite by name with its parameters: epsilon (stabiliser), gamma, low and high (bounds of
     * the input for z-box).
     */
    public static RuleComposite byName(String name, double epsilon, double gamma, double low, double high) {
        return switch (name) {
            case "epsilonGammaBox" -> layered(epsilon, Rules.gamma(gamma), Rules.zBox(low, high));
            case "epsilonPlus" -> layered(epsilon, Rules.zPlus(), null);
            case "epsilonPlusFlat" -> layered(epsilon, Rules.zPlus(), Rules.flat());
            case "epsilonAlpha2Beta1" -> layered(epsilon, Rules.alphaBeta(2, 1), null);
            case "epsilonAlpha2Beta1Flat" -> layered(epsilon, Rules.alphaBeta(2, 1), Rules.flat());
            case "lrp0" -> uniform(Rules.lrp0());
            case "epsilon" -> uniform(Rules.epsilon(epsilon));
            case "gamma" -> uniform(Rules.gamma(gamma));
            case "alpha1Beta0" -> uniform(Rules.alphaBeta(1, 0));
            case "alpha2Beta1" -> uniform(Rules.alphaBeta(2, 1));
            case "zPlus" -> uniform(Rules.zPlus());
            default -> throw new IllegalArgumentException("unknown rule or composite '" + name + "'; known: " + NAMES);
        };
    }

    /** The default: EpsilonGammaBox with gamma 0.25 and inputs in [low, high]. */
    public static RuleComposite recommended(double low, double high) {
        return byName("epsilonGammaBox", Rules.DEFAULT_EPSILON, Rules.DEFAULT_GAMMA, low, high);
    }
}
