package org.trainscope.recorders.dl4j;

/** What the recorder does once the dense window after an anomaly has been recorded. */
public enum OnAnomaly {
    /**
     * Close the traces and throw {@link TrainingAnomalyException} from {@code iterationDone}. This
     * is the only way to stop DL4J's own {@code fit(DataSetIterator)} loop, so it is the default.
     */
    THROW,
    /**
     * Close the traces and raise {@link TraceRecordingListener#shouldStop()}; a hand-written
     * training loop (calling {@code fit(DataSet)} per batch) checks it and ends cleanly.
     */
    FLAG,
    /** Go back to the normal intervals and keep training (the anomaly can trigger again later). */
    CONTINUE
}
