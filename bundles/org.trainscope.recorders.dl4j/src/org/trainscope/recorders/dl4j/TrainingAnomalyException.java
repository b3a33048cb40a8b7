package org.trainscope.recorders.dl4j;

import java.nio.file.Path;

/**
 * Thrown by {@link TraceRecordingListener#iterationDone} (with {@link OnAnomaly#THROW}) after the
 * iterations following an anomaly have been recorded and every trace is closed. It ends DL4J's
 * {@code fit} call; catch it around {@code fit} to treat it as a clean stop.
 */
public class TrainingAnomalyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Anomaly anomaly;
    private final transient Path trace;

    public TrainingAnomalyException(Anomaly anomaly, Path trace) {
        super("training anomaly at iteration " + anomaly.iteration() + ": " + anomaly.reason()
                + " (score " + anomaly.score() + "); recorded densely in " + trace);
        this.anomaly = anomaly;
        this.trace = trace;
    }

    public Anomaly anomaly() {
        return anomaly;
    }

    /** The run's trace directory (the finest-interval trace). */
    public Path trace() {
        return trace;
    }
}
