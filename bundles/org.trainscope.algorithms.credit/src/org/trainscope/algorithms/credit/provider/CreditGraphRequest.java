package org.trainscope.algorithms.credit.provider;

import org.trainscope.adapters.inputs.InputSet;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.CreditResult.Direction;
import org.trainscope.algorithms.credit.Rules;

/**
 * What to explain and how: one request to {@link CreditGraphProvider}, from the Neuron Credit
 * view's controls or the command line's options.
 *
 * @param target the neuron, with the probe input to explain it on (or all of them)
 * @param direction forward (LRP) or backward (gradient decomposition)
 * @param composite one of {@link Composites#NAMES} (forward; ignored backward)
 * @param epsilon the ε of the rules that take one
 * @param gamma the γ of the rules that take one
 * @param iteration the training iteration whose recorded weights are used
 * @param topK neurons per layer on display, at least 1
 * @param inputs the user's inputs to explain the neuron on, or null for the run's recorded probe
 *        inputs; with user inputs {@code target.probe()} counts among them
 * @param trainingBatch explain the neuron on the inputs of the training batch of {@code iteration}
 *        (trace format §4.8) instead, and rank its samples ({@link TrainingBatchRanking});
 *        {@code target.probe()} is then ignored and {@code inputs} must be null
 */
public record CreditGraphRequest(CreditTarget target, Direction direction, String composite, double epsilon,
        double gamma, long iteration, int topK, InputSet inputs, boolean trainingBatch) {

    public CreditGraphRequest {
        if (trainingBatch && inputs != null) {
            throw new IllegalArgumentException("explain on the training batch or on given inputs, not both");
        }
        if (composite == null || composite.isBlank()) {
            composite = Composites.NAMES.get(0);
        }
        if (direction == Direction.FORWARD && !Composites.NAMES.contains(composite)) {
            throw new IllegalArgumentException("unknown rule or composite '" + composite + "'; known: " + Composites.NAMES);
        }
        if (topK < 1) {
            throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
        }
    }

    /** A request on the recorded probe inputs or on {@code inputs} (not the training batch). */
    public CreditGraphRequest(CreditTarget target, Direction direction, String composite, double epsilon, double gamma,
            long iteration, int topK, InputSet inputs) {
        this(target, direction, composite, epsilon, gamma, iteration, topK, inputs, false);
    }

    /** A request with the rules' default ε and γ, on the recorded probe inputs. */
    public static CreditGraphRequest of(CreditTarget target, Direction direction, String composite, long iteration,
            int topK) {
        return new CreditGraphRequest(target, direction, composite, Rules.DEFAULT_EPSILON, Rules.DEFAULT_GAMMA,
                iteration, topK, null);
    }

    /** The same request on {@code userInputs} (null: the recorded probe inputs). */
    public CreditGraphRequest withInputs(InputSet userInputs) {
        return new CreditGraphRequest(target, direction, composite, epsilon, gamma, iteration, topK, userInputs, false);
    }

    /** The same request on the training batch of {@link #iteration()} ({@code true}) or on the probe inputs. */
    public CreditGraphRequest withTrainingBatch(boolean batch) {
        return new CreditGraphRequest(target, direction, composite, epsilon, gamma, iteration, topK, null, batch);
    }

    /** The same request at another iteration. */
    public CreditGraphRequest atIteration(long newIteration) {
        return new CreditGraphRequest(target, direction, composite, epsilon, gamma, newIteration, topK, inputs,
                trainingBatch);
    }
}
