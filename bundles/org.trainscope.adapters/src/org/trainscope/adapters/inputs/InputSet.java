package org.trainscope.adapters.inputs;

import java.util.Arrays;

import org.trainscope.core.operators.FloatTensor;

/**
 * Inputs a user brings to explain a network on, in place of the probe inputs its recorder
 * stored: a batch {@code [N] + the per-sample shape the network's input receives}, in the run's
 * input layout. Values are data as they are: NaN and Inf pass through (credit shows where they go).
 * Loaded by {@link InputSets}.
 *
 * @param values the batch, shape [N, ...]
 * @param source where it came from, for status lines and figures ("digits.npz: x", "folder shoes (12 images)")
 */
public record InputSet(FloatTensor values, String source) {

    public InputSet {
        if (values.rank() < 2 || values.dim(0) < 1) {
            throw new IllegalArgumentException(source + ": inputs must be a batch [N, ...] of at least one sample, got "
                    + Arrays.toString(values.shape()));
        }
    }

    /** N, the number of inputs. */
    public int count() {
        return values.dim(0);
    }

    /** The shape of one input: the batch's shape without its first axis. */
    public int[] sampleShape() {
        return Arrays.copyOfRange(values.shape(), 1, values.rank());
    }
}
