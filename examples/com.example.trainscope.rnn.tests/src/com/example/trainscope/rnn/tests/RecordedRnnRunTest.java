package com.example.trainscope.rnn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.core.adapters.AdapterManager;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;
import org.trainscope.core.modeltypes.ModelTypeManager;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.core.operators.IOperator;
import org.trainscope.core.operators.OperatorContext;
import org.trainscope.core.operators.OperatorManager;

/**
 * A real run: an Elman RNN trained in PyTorch and recorded by TrainScope's PyTorch recorder
 * (scripts/record_rnn_run.py). Opened as the product opens it, it is recognised as this plug-in's
 * model type, and this plug-in's {@code rnn} operator replays what PyTorch computed.
 */
class RecordedRnnRunTest {
    static final String SCRIPT = "scripts/record_rnn_run.py";
    private static Path trace;

    /** Records the run into {@code directory}/elman-rnn; fails with the script's output if it cannot. */
    static Path record(Path directory) throws IOException, InterruptedException {
        Path out = directory.resolve("elman-rnn");
        Path log = directory.resolve("record.log");
        Process p = new ProcessBuilder("/usr/bin/python3", Path.of(SCRIPT).toAbsolutePath().toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the recording did not finish in 300 s");
        assertEquals(0, p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        return out;
    }

    @BeforeAll
    static void recordTheRun(@TempDir Path directory) throws Exception {
        trace = record(directory);
    }

    @Test
    void theRunIsRecognisedAsThisPluginsModelType() throws IOException {
        try (Run run = AdapterManager.getInstance().open(trace, new NullProgressMonitor())) {
            assertEquals("rnn", run.modelTypeId());
            assertEquals("Recurrent network (unrolled)",
                    ModelTypeManager.getInstance().modelType(run.modelTypeId()).orElseThrow().name());
            ModelTypeManager.Recognition r = ModelTypeManager.getInstance().recognize(run).orElseThrow();
            assertEquals("its recogniser", r.evidence(), "the graph's recogniser, not only the manifest's word");
        }
    }

    @Test
    void theContributedOperatorReplaysWhatPyTorchComputed() throws IOException {
        try (Run run = AdapterManager.getInstance().open(trace, new NullProgressMonitor())) {
            Node rnn = run.graph().node("rnn").orElseThrow();
            assertEquals("rnn", rnn.operatorType());
            TensorSeries activation = run.tensors().stream()
                    .filter(t -> t.kind() == TensorKind.ACTIVATION && t.nodeId().equals("rnn")).findFirst().orElseThrow();
            TensorSeries inputs = run.probeInputs().orElseThrow();
            FloatTensor x = snapshot(inputs, 0, inputs.shape());
            IOperator op = OperatorManager.getInstance().operator("rnn").orElseThrow().operator().orElseThrow();
            int checked = 0;
            for (int record = 0; record < activation.iterations().length; record++) {
                long iteration = activation.iterations()[record];
                Map<String, FloatTensor> parameters = parameters(run, iteration);
                if (parameters.size() < 4) {
                    continue;
                }
                FloatTensor replayed = op.forward(new OperatorContext(rnn, parameters), List.of(x));
                FloatTensor recorded = snapshot(activation, record, replayed.shape());
                for (int i = 0; i < recorded.size(); i++) {
                    assertEquals(recorded.data()[i], replayed.data()[i], 1e-4, "iteration " + iteration + " value " + i);
                }
                checked++;
            }
            assertTrue(checked >= 2, "weights and activations recorded together at " + checked + " iterations");
        }
    }

    /** The rnn node's weights and biases at {@code iteration} by PyTorch's names ("weight_ih_l0", ...). */
    private static Map<String, FloatTensor> parameters(Run run, long iteration) throws IOException {
        Map<String, FloatTensor> out = new HashMap<>();
        for (TensorSeries t : run.tensors()) {
            String id = t.id();
            if ((t.kind() != TensorKind.WEIGHT && t.kind() != TensorKind.BIAS) || !id.startsWith("rnn.")) {
                continue;
            }
            for (int record = 0; record < t.iterations().length; record++) {
                if (t.iterations()[record] == iteration) {
                    out.put(id.substring(id.lastIndexOf('.') + 1), snapshot(t, record, t.shape()));
                }
            }
        }
        return out;
    }

    private static FloatTensor snapshot(TensorSeries t, int record, int[] shape) throws IOException {
        FloatTensor f = FloatTensor.zeros(shape);
        t.readSnapshot(record, f.data());
        return f;
    }
}
