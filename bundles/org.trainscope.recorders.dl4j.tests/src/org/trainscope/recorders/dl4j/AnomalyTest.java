package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.trainscope.trace.TraceReader;

/** A network made to diverge: the failing iteration is in the trace and training stops cleanly. */
class AnomalyTest {
    private static final int DENSE = 3;

    @TempDir
    Path tmp;

    @Test
    void nonFiniteScoreIsRecordedDenselyAndStopsTrainingWithTheException() throws Exception {
        TinyNets.Data data = new TinyNets.Data(400, 2);
        DataSet probe = data.regressionBatch(data.indicesOfBatch(50, 4));
        MultiLayerNetwork net = TinyNets.divergingRegression(3);
        Path dir = tmp.resolve("diverge");
        RecordingConfig config = RecordingConfig.builder().tensorsEvery(10).lossJumpFactor(0)
                .denseIterations(DENSE).onAnomaly(OnAnomaly.THROW).build();
        Witness witness = new Witness();
        List<String> warnings = new ArrayList<>();
        int[] fits = {0};
        TraceRecordingListener rec = new TraceRecordingListener(dir, probe.getFeatures(), probe.getLabels(), config);
        rec.setWarningHandler(warnings::add);
        net.setListeners(witness, rec);
        TrainingAnomalyException stopped = assertThrows(TrainingAnomalyException.class, () -> {
            for (int b = 0; b < 500; b++) {
                fits[0]++;
                net.fit(data.regressionBatch(data.indicesOfBatch(b, 8)));
            }
        });
        rec.close();

        long bad = stopped.anomaly().iteration();
        assertFalse(Double.isFinite(witness.scores.get((int) bad)), "DL4J's score at the anomaly");
        assertTrue(Double.isFinite(witness.scores.get((int) bad - 1)), "the iteration before was still finite");
        assertEquals(bad + DENSE, fits[0], "training stopped after the dense window");
        assertTrue(rec.shouldStop());
        assertEquals(1, warnings.size(), "one warning for the anomaly: " + warnings);
        assertTrue(Files.isRegularFile(dir.resolve("anomaly.json")));

        try (TraceReader scores = TraceReader.open(dir)) {
            assertTrue(scores.isComplete(), "closed cleanly");
            assertEquals(bad + DENSE, scores.recordCount());
            int r = scores.recordOf(bad);
            assertFalse(Double.isFinite(scores.metric("loss").value(r)));
        }
        try (TraceReader tensors = TraceReader.open(dir.resolve("every-10"))) {
            long[] iterations = tensors.iterations();
            // the normal every-10 records, then every iteration of the dense window
            long[] dense = new long[DENSE];
            for (int i = 0; i < DENSE; i++) {
                dense[i] = bad + i;
            }
            long[] tail = java.util.Arrays.copyOfRange(iterations, iterations.length - DENSE, iterations.length);
            assertArrayEquals(dense, tail);
            int r = tensors.recordOf(bad);
            float[] grad = MlpRecordingTest.read(tensors, "output1.W.grad", r);
            float[] expected = MlpRecordingTest.flat(witness.gradients.get((int) bad).get("1_W"));
            assertArrayEquals(expected, grad, "raw gradient at the anomaly, NaN and Inf included");
        }
    }

    @Test
    void scoreJumpSetsTheFlagForAHandWrittenLoop() throws Exception {
        TinyNets.Data data = new TinyNets.Data(400, 2);
        // at this rate the score wobbles for a while, then grows by orders of magnitude before overflowing
        MultiLayerNetwork net = TinyNets.divergingRegression(3, 0.02);
        Path dir = tmp.resolve("jump");
        RecordingConfig config = RecordingConfig.builder().tensorsEvery(0).lossJumpFactor(10).denseIterations(2)
                .onAnomaly(OnAnomaly.FLAG).build();
        int fits = 0;
        try (TraceRecordingListener rec = new TraceRecordingListener(dir, null, null, config)) {
            rec.setWarningHandler(w -> { });
            net.setListeners(rec);
            while (!rec.shouldStop() && fits < 500) {
                net.fit(data.regressionBatch(data.indicesOfBatch(fits, 8)));
                fits++;
            }
            Anomaly a = rec.anomaly().orElseThrow();
            assertTrue(a.reason().contains("jumped"), a.reason());
            assertTrue(Double.isFinite(a.score()), "a jump is caught before the score overflows");
            assertEquals(a.iteration() + 2, fits);
        }
        try (TraceReader scores = TraceReader.open(dir)) {
            assertTrue(scores.isComplete());
            assertEquals(fits, scores.recordCount());
        }
    }
}
