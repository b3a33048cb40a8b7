package org.trainscope.algorithms.credit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.trainscope.algorithms.credit.internal.operators.AddOperator;
import org.trainscope.algorithms.credit.internal.operators.AvgPoolOperator;
import org.trainscope.algorithms.credit.internal.operators.BatchNormOperator;
import org.trainscope.algorithms.credit.internal.operators.ConcatOperator;
import org.trainscope.algorithms.credit.internal.operators.Conv2dOperator;
import org.trainscope.algorithms.credit.internal.operators.DenseOperator;
import org.trainscope.algorithms.credit.internal.operators.ElementwiseOperator;
import org.trainscope.algorithms.credit.internal.operators.IdentityOperator;
import org.trainscope.algorithms.credit.internal.operators.MaxPoolOperator;
import org.trainscope.algorithms.credit.internal.operators.ReparameterizationOperator;
import org.trainscope.algorithms.credit.internal.operators.ReshapeOperator;
import org.trainscope.core.operators.IOperator;

/**
 * The operators of this bundle by operator type, the same table plugin.xml contributes. Type
 * names follow the recorders (PyTorch recorder and DL4J recorder): "dense", "conv2d", "maxpool",
 * "avgpool", "batchnorm", "relu", "leakyrelu", "sigmoid", "tanh", "softplus", "dropout",
 * "identity", "flatten", "reshape", "add", "concat", and "reparameterize" (also "normal", the
 * DL4J recorder's name for the VAE's sampled z).
 */
public final class BuiltInOperators {
    private static final Map<String, IOperator> OPERATORS = Map.ofEntries(
            Map.entry("dense", new DenseOperator()),
            Map.entry("conv2d", new Conv2dOperator()),
            Map.entry("maxpool", new MaxPoolOperator()),
            Map.entry("avgpool", new AvgPoolOperator()),
            Map.entry("batchnorm", new BatchNormOperator()),
            Map.entry("relu", new ElementwiseOperator.Relu()),
            Map.entry("leakyrelu", new ElementwiseOperator.LeakyRelu()),
            Map.entry("sigmoid", new ElementwiseOperator.Sigmoid()),
            Map.entry("tanh", new ElementwiseOperator.Tanh()),
            Map.entry("softplus", new ElementwiseOperator.Softplus()),
            Map.entry("dropout", new IdentityOperator()),
            Map.entry("identity", new IdentityOperator()),
            Map.entry("flatten", new ReshapeOperator()),
            Map.entry("reshape", new ReshapeOperator()),
            Map.entry("add", new AddOperator()),
            Map.entry("concat", new ConcatOperator()),
            Map.entry("reparameterize", new ReparameterizationOperator()),
            Map.entry("normal", new ReparameterizationOperator()));

    private BuiltInOperators() {
    }

    public static Optional<IOperator> find(String type) {
        return Optional.ofNullable(OPERATORS.get(type));
    }

    public static Set<String> types() {
        return OPERATORS.keySet();
    }
}
