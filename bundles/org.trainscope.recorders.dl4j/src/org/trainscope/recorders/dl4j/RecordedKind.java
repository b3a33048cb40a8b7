package org.trainscope.recorders.dl4j;

/**
 * What the recorder can schedule. {@link #WEIGHTS} covers weights and biases (trace kinds
 * "weight" and "bias"); {@link #METRICS} paces the journal lines that carry the score and the
 * batch indices. The same five kinds as the PyTorch recorder, so both write the same layout.
 */
public enum RecordedKind {
    METRICS, WEIGHTS, GRADIENTS, UPDATES, ACTIVATIONS;

    /** Lower-case spelling used in manifest attributes ("recordedKinds"). */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
