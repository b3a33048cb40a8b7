package org.trainscope.algorithms.credit.internal;

import org.trainscope.core.operators.FloatTensor;

/**
 * A layer that is linear in its input, z = x * W + b (dense, convolution, average pooling),
 * seen through the two products every LRP rule needs: the forward product with some variant of
 * the weights (W, W+, W-, W + gamma W+, all ones) and its transpose. Writing the rules once
 * against this view means dense and convolution cannot disagree about a rule.
 */
public interface LinearForm {

    /** The layer's weights in the layout {@link #apply} expects. */
    float[] weights();

    /** The bias, or null when the layer has none. */
    float[] bias();

    /** x * w without bias; shape of the layer's output. */
    FloatTensor apply(FloatTensor x, float[] w);

    /** s * w^T; shape of the layer's input. This is also the gradient with respect to the input. */
    FloatTensor applyTransposed(FloatTensor s, float[] w);

    /** Adds {@code b} to {@code z} in place, broadcast as the layer broadcasts its bias. */
    void addBias(FloatTensor z, float[] b);

    /** The full forward: x * W + b. */
    default FloatTensor forward(FloatTensor x) {
        FloatTensor z = apply(x, weights());
        if (bias() != null) {
            addBias(z, bias());
        }
        return z;
    }
}
