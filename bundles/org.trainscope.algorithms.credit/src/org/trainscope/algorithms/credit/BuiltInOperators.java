package org.trainscope.algorithms.credit;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.trainscope.algorithms.credit.internal.operators.AddOperator;
import org.trainscope.algorithms.credit.internal.operators.AvgPoolOperator;
import org.trainscope.algorithms.credit.internal.operators.BatchNormOperator;
import org.trainscope.algorithms.credit.internal.operators.ConcatOperator;
import org.trainscope.algorithms.credit.internal.operators.Conv2dOperator;
import org.trainscope.algorithms.credit.internal.operators.ConvTranspose2dOperator;
import org.trainscope.algorithms.credit.internal.operators.DenseOperator;
import org.trainscope.algorithms.credit.internal.operators.ElementwiseOperator;
import org.trainscope.algorithms.credit.internal.operators.IdentityOperator;
import org.trainscope.algorithms.credit.internal.operators.LossOperator;
import org.trainscope.algorithms.credit.internal.operators.MaxPoolOperator;
import org.trainscope.algorithms.credit.internal.operators.PadOperator;
import org.trainscope.algorithms.credit.internal.operators.ReconstructionMeanOperator;
import org.trainscope.algorithms.credit.internal.operators.ReparameterizationOperator;
import org.trainscope.algorithms.credit.internal.operators.ReshapeOperator;
import org.trainscope.algorithms.credit.internal.operators.SoftmaxOperator;
import org.trainscope.core.operators.IOperator;

/**
 * The operators of this bundle by operator type, the same table plugin.xml contributes (a test
 * checks that they agree). Type names follow the recorders (PyTorch recorder and DL4J recorder);
 * docs/algorithms/credit-assignment.md lists them. Types a recorder can write that credit
 * deliberately does not support have a {@link #rejection reason} the error message gives.
 */
public final class BuiltInOperators {
    private static final Map<String, IOperator> OPERATORS = Map.ofEntries(
            Map.entry("dense", new DenseOperator()),
            Map.entry("conv2d", new Conv2dOperator()),
            Map.entry("conv_transpose2d", new ConvTranspose2dOperator()),
            Map.entry("maxpool", new MaxPoolOperator()),
            Map.entry("avgpool", new AvgPoolOperator()),
            Map.entry("batchnorm", new BatchNormOperator()),
            Map.entry("relu", new ElementwiseOperator.Relu()),
            Map.entry("leakyrelu", new ElementwiseOperator.LeakyRelu()),
            Map.entry("sigmoid", new ElementwiseOperator.Sigmoid()),
            Map.entry("tanh", new ElementwiseOperator.Tanh()),
            Map.entry("softplus", new ElementwiseOperator.Softplus()),
            Map.entry("elu", new ElementwiseOperator.Elu()),
            Map.entry("selu", new ElementwiseOperator.Selu()),
            Map.entry("hardtanh", new ElementwiseOperator.HardTanh()),
            Map.entry("relu6", new ElementwiseOperator.HardTanh()),
            Map.entry("softsign", new ElementwiseOperator.Softsign()),
            Map.entry("swish", new ElementwiseOperator.Swish()),
            Map.entry("silu", new ElementwiseOperator.Swish()),
            Map.entry("cube", new ElementwiseOperator.Cube()),
            Map.entry("softmax", new SoftmaxOperator.Softmax()),
            Map.entry("logsoftmax", new SoftmaxOperator.LogSoftmax()),
            Map.entry("loss", new LossOperator()),
            Map.entry("gaussian", new ReconstructionMeanOperator()),
            Map.entry("bernoulli", new ReconstructionMeanOperator()),
            Map.entry("dropout", new IdentityOperator()),
            Map.entry("identity", new IdentityOperator()),
            Map.entry("flatten", new ReshapeOperator()),
            Map.entry("reshape", new ReshapeOperator()),
            Map.entry("add", new AddOperator()),
            Map.entry("pad", new PadOperator()),
            Map.entry("concat", new ConcatOperator()),
            Map.entry("merge", new ConcatOperator()),
            Map.entry("reparameterize", new ReparameterizationOperator()),
            Map.entry("normal", new ReparameterizationOperator()));

    /** Types the recorders can write that credit does not run through, and why. */
    private static final Map<String, String> REJECTED = Map.ofEntries(
            Map.entry("globalpool", "global pooling is not supported yet"),
            Map.entry("pool", "p-norm pooling is not supported"),
            Map.entry("elementwise", "element-wise vertices other than addition are not supported"),
            Map.entry("subset", "subset vertices are not supported"),
            Map.entry("stack", "stack vertices are not supported"),
            Map.entry("unstack", "unstack vertices are not supported"),
            Map.entry("preprocessor", "preprocessor vertices are not supported"),
            Map.entry("scale", "scale vertices are not supported"),
            Map.entry("shift", "shift vertices are not supported"),
            Map.entry("l2normalize", "L2-normalisation vertices are not supported"),
            Map.entry("l2", "L2-distance vertices are not supported"),
            Map.entry("gelu", "GELU differs between frameworks (exact or approximated) and is not supported"),
            Map.entry("mish", "mish is not supported"),
            Map.entry("hardsigmoid", "hard sigmoid differs between frameworks and is not supported"),
            Map.entry("prelu", "PReLU's learned slopes are not recorded as parameters credit reads"),
            Map.entry("rrelu", "randomized ReLU has no deterministic inference form credit could replay"),
            Map.entry("rationaltanh", "rational tanh is not supported"),
            Map.entry("rectifiedtanh", "rectified tanh is not supported"),
            Map.entry("thresholdedrelu", "thresholded ReLU is not supported"),
            Map.entry("exponential", "the exponential reconstruction distribution is not supported"),
            Map.entry("composite", "composite reconstruction distributions are not supported"),
            Map.entry("losslayer", "DL4J's LossLayer is not supported (an OutputLayer is)"),
            Map.entry("lstm", "recurrent layers are not supported"),
            Map.entry("simplernn", "recurrent layers are not supported"),
            Map.entry("embeddinglayer", "embedding layers are not supported"),
            Map.entry("vertex", "this graph vertex is not supported"));

    private BuiltInOperators() {
    }

    /** Why credit does not support {@code type}, for types a recorder may write; empty otherwise. */
    public static Optional<String> rejection(String type) {
        return Optional.ofNullable(REJECTED.get(type));
    }

    public static Optional<IOperator> find(String type) {
        return Optional.ofNullable(OPERATORS.get(type));
    }

    public static Set<String> types() {
        return OPERATORS.keySet();
    }
}
