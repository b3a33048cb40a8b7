package org.trainscope.core.adapters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.modeltypes.ModelTypeManager;

/**
 * An adapter's run with the model type {@link ModelTypeManager} recognised for it: every run
 * opened through an {@link AdapterDescriptor} is one, so the workbench and the command line see
 * the same type whatever adapter read the data. Every other method goes to the adapter's run (a
 * test checks that none of {@link Run}'s methods is left to its default).
 */
final class RecognizedRun implements Run {
    private final Run run;
    private final String modelTypeId;

    private RecognizedRun(Run run, String modelTypeId) {
        this.run = run;
        this.modelTypeId = modelTypeId;
    }

    /** Recognises {@code run}'s model type now, once (the graph of a run does not change). */
    static Run of(Run run) {
        String id = ModelTypeManager.getInstance().recognize(run).map(r -> r.modelType().id()).orElse("");
        return new RecognizedRun(run, id);
    }

    @Override
    public String modelTypeId() {
        return modelTypeId;
    }

    @Override
    public String name() {
        return run.name();
    }

    @Override
    public Path location() {
        return run.location();
    }

    @Override
    public NetworkGraph graph() {
        return run.graph();
    }

    @Override
    public List<TensorSeries> tensors() {
        return run.tensors();
    }

    @Override
    public Optional<TensorSeries> tensor(String id) {
        return run.tensor(id);
    }

    @Override
    public List<MetricSeries> metrics() {
        return run.metrics();
    }

    @Override
    public Optional<MetricSeries> metric(String name) {
        return run.metric(name);
    }

    @Override
    public Optional<TensorSeries> probeInputs() {
        return run.probeInputs();
    }

    @Override
    public int[] probeLabels() {
        return run.probeLabels();
    }

    @Override
    public int[] batchIndices(long iteration) {
        return run.batchIndices(iteration);
    }

    @Override
    public long[] batchInputIterations() {
        return run.batchInputIterations();
    }

    @Override
    public Optional<org.trainscope.core.model.BatchInputs> batchInputs(long iteration) throws java.io.IOException {
        return run.batchInputs(iteration);
    }

    @Override
    public List<String> warnings() {
        return run.warnings();
    }

    @Override
    public Optional<String> recordingStatus() {
        return run.recordingStatus();
    }

    @Override
    public Optional<String> firstNonFiniteOrigin() {
        return run.firstNonFiniteOrigin();
    }

    @Override
    public boolean refresh() throws IOException {
        return run.refresh();
    }

    @Override
    public void close() throws IOException {
        run.close();
    }

    @Override
    public String toString() {
        return run.toString();
    }
}
