package org.trainscope.algorithms.credit.provider;

/**
 * One input the neuron was explained on, with how much it drives the neuron and, forward, the
 * relevance of each of its values (LRP's input heatmap).
 *
 * @param input the input's index in the batch (probe input or user input)
 * @param label its label, or -1 when unknown (user inputs have none)
 * @param score forward: the target's activation on this input; backward: its gradient dL/da
 * @param values the input's values, flat, C-order over {@code shape}
 * @param shape the shape of one input (the batch's shape without its first axis)
 * @param relevance forward: the relevance of every value, same layout as {@code values}; null backward
 * @param picture the input and its relevance as pictures, or null when the input is not an image
 */
public record InputCredit(int input, int label, float score, float[] values, int[] shape, float[] relevance,
        Picture picture) {

    /**
     * An image input as drawn beside the graph: its channel mean in grey, and the relevance summed
     * over channels (red up, blue down), both {@code height} x {@code width}, row-major.
     *
     * @param heat null backward (no input relevance)
     */
    public record Picture(int height, int width, float[] grey, float[] heat) {
    }
}
