package org.trainscope.ui.credit.internal;

import org.trainscope.algorithms.credit.CreditResult.Direction;

/**
 * One request of the view, taken from its controls on the UI thread and handed to a job.
 *
 * @param target the neuron, with the probe input to explain it on (or all of them)
 * @param direction forward (LRP) or backward (gradient decomposition)
 * @param composite one of {@link org.trainscope.algorithms.credit.Composites#NAMES} (forward)
 * @param iteration the training iteration whose recorded weights are used
 * @param topK neurons per layer on display
 */
public record CreditSettings(CreditTarget target, Direction direction, String composite, long iteration, int topK) {
}
