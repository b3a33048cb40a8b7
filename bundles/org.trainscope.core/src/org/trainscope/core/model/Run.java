package org.trainscope.core.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One training run as TrainScope sees it, whatever it was read from. Tensor data stays where
 * the adapter found it; a run is cheap to hold open. Close it to release files.
 */
public interface Run extends AutoCloseable {

    /** What people call the run (the folder or file name unless the trace names it). */
    String name();

    /** The file or folder it was opened from. */
    Path location();

    /**
     * Id of a contribution to {@code org.trainscope.core.modelTypes} ("mlp", "cnn", "vae", "rnn", ...), or "".
     * A run opened through {@link org.trainscope.core.adapters.AdapterManager} (the workbench, the
     * command line) answers the type {@link org.trainscope.core.modeltypes.ModelTypeManager#recognize(Run)}
     * chose. An adapter's own run answers what its source declares (a trace manifest's word), or ""
     * when the source names no type (an ONNX model): that is one piece of evidence for the recognition.
     */
    String modelTypeId();

    NetworkGraph graph();

    List<TensorSeries> tensors();

    default Optional<TensorSeries> tensor(String id) {
        return tensors().stream().filter(t -> t.id().equals(id)).findFirst();
    }

    List<MetricSeries> metrics();

    default Optional<MetricSeries> metric(String name) {
        return metrics().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The fixed probe inputs whose activations are recorded, when the run has them. */
    default Optional<TensorSeries> probeInputs() {
        return Optional.empty();
    }

    /** Class labels of the probe inputs, one per probe sample; empty when unknown. */
    default int[] probeLabels() {
        return new int[0];
    }

    /** Indices of the training samples in the batch of {@code iteration}; empty when not recorded. */
    default int[] batchIndices(long iteration) {
        return new int[0];
    }

    /**
     * The iterations whose training batch inputs were recorded (trace format §4.8), ascending;
     * empty when none were.
     */
    default long[] batchInputIterations() {
        return new long[0];
    }

    /**
     * The inputs of the training batch of {@code iteration}; empty when they were not recorded at
     * that iteration ({@link #batchInputIterations()}).
     */
    default Optional<BatchInputs> batchInputs(long iteration) throws IOException {
        return Optional.empty();
    }

    /** Problems found while reading that did not stop the run from opening (e.g. a dropped chunk). */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Whether the recording is finished, in words ("closed (the writer finished it)", "live …",
     * "damaged …"); empty when the source has no such notion (a model file, an array).
     */
    default Optional<String> recordingStatus() {
        return Optional.empty();
    }

    /**
     * Where NaN/Inf first appeared, in words (iteration, forward or backward, node), when the
     * recorder counted non-finite values per operator (trace format §7.1); empty otherwise.
     */
    default Optional<String> firstNonFiniteOrigin() {
        return Optional.empty();
    }

    /**
     * Looks for data appended since the last look (a run that is still training).
     *
     * @return true when something new appeared
     */
    default boolean refresh() throws IOException {
        return false;
    }

    @Override
    default void close() throws IOException {
        // nothing to release for in-memory runs
    }
}
