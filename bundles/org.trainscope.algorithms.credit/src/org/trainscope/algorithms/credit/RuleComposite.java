package org.trainscope.algorithms.credit;

import org.trainscope.core.model.Node;
import org.trainscope.core.operators.RelevanceRule;

/**
 * Which LRP rule each layer uses. LRP works best with different rules at different depths
 * (Montavon et al. 2019; Zennit's composites): see {@link Composites}.
 */
@FunctionalInterface
public interface RuleComposite {

    /**
     * @param firstLayer true for the layer that reads the network input (through reshapes only),
     *        where rules such as z-box and flat apply
     */
    RelevanceRule ruleFor(Node node, boolean firstLayer);
}
