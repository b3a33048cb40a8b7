package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trainscope.adapters.tensorboard.TensorBoardRunAdapter;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorKind;
import org.trainscope.core.model.TensorSeries;

/** Fixtures come from {@code scripts/make_tfevents_fixtures.py}. */
class TensorBoardRunAdapterTest {
    private static final String GOOD = "tensorboard/events.out.tfevents.1700000000.host.1.0";
    private final TensorBoardRunAdapter adapter = new TensorBoardRunAdapter();

    private Run open(String name) throws IOException {
        return adapter.open(Fixtures.data(name), new NullProgressMonitor());
    }

    @Test
    void scalarsFromSimpleValuesKeepNaNAndInfinity() throws IOException {
        assertEquals(IRunAdapter.CERTAIN, adapter.validate(Fixtures.data(GOOD)));
        try (Run run = open(GOOD)) {
            MetricSeries loss = run.metric("loss").orElseThrow();
            assertArrayEquals(new long[] {0, 10, 20, 30, 40}, loss.iterations());
            assertEquals(2.5, loss.values()[0]);
            assertTrue(Double.isNaN(loss.values()[2]));
            assertEquals(Double.POSITIVE_INFINITY, loss.values()[3]);
            assertEquals(20, loss.firstNonFiniteIteration());
        }
    }

    @Test
    void tensorEncodedScalarsFromFloatValAndTensorContent() throws IOException {
        try (Run run = open(GOOD)) {
            MetricSeries acc = run.metric("accuracy").orElseThrow();
            assertEquals(5, acc.size());
            for (int i = 0; i < 5; i++) {
                assertEquals((float) (0.1 * (i + 1)), (float) acc.values()[i]);
            }
        }
    }

    @Test
    void histogramsBecomeSummaryMetricsAndABinnedTensor() throws IOException {
        try (Run run = open(GOOD)) {
            MetricSeries min = run.metric("fc1/weight/min").orElseThrow();
            assertEquals(-1.0, min.values()[0], 1e-12);
            MetricSeries count = run.metric("fc1/weight/count").orElseThrow();
            assertEquals(5.0, count.values()[4]);
            MetricSeries mean = run.metric("fc1/weight/mean").orElseThrow();
            assertEquals((-1.0 - 0.5 + 0 + 0.25 + 1.0) / 5, mean.values()[0], 1e-12);
            TensorSeries weight = run.tensor("fc1/weight").orElseThrow();
            assertEquals(TensorKind.WEIGHT, weight.kind());
            assertEquals(64, weight.neuronCount());
            assertEquals(5, weight.iterationCount());
            float[] bins = new float[64];
            weight.readSnapshot(0, bins);
            float total = 0;
            for (float b : bins) {
                total += b;
            }
            assertEquals(5f, total, 1e-4f, "counts are conserved by the resampling");

            TensorSeries grad = run.tensor("fc1/grad").orElseThrow();
            assertEquals(TensorKind.GRADIENT, grad.kind());
            grad.readSnapshot(4, bins);
            total = 0;
            for (float b : bins) {
                total += b;
            }
            assertEquals(2 + 4 + 3f, total, 1e-4f);
            assertTrue(run.warnings().stream().anyMatch(w -> w.contains("image")), run.warnings()::toString);
        }
    }

    @Test
    void aLogFolderPrefixesTagsWithTheRunSubFolder() throws IOException {
        Path logdir = Fixtures.data("tensorboard/logdir");
        assertEquals(80, adapter.validate(logdir));
        try (Run run = adapter.open(logdir, new NullProgressMonitor())) {
            assertEquals(5, run.metric("train/loss").orElseThrow().size());
            assertArrayEquals(new double[] {3.0}, run.metric("eval/loss").orElseThrow().values());
        }
    }

    @Test
    void aTruncatedLastRecordIsAWarning() throws IOException {
        try (Run run = open("tensorboard/truncated.tfevents.1")) {
            assertEquals(4, run.metric("loss").orElseThrow().size());
            assertTrue(run.warnings().stream().anyMatch(w -> w.contains("record 5 is incomplete")), run.warnings()::toString);
        }
    }

    @Test
    void aCrcMismatchNamesFileRecordAndOffset() {
        IOException e = Fixtures.assertOpenFails(adapter, Fixtures.data("tensorboard/crc_mismatch.tfevents.1"),
                "record 2", "CRC");
        assertTrue(e.getMessage().contains("at byte "), e.getMessage());
    }

    @Test
    void malformedEventsAreErrors() {
        Fixtures.assertOpenFails(adapter, Fixtures.data("tensorboard/not_an_event.tfevents.1"), "record 1", "wire type");
        Fixtures.assertOpenFails(adapter, Fixtures.data("tensorboard/wrong_type.tfevents.1"), "record 1", "wire type");
        Fixtures.assertOpenFails(adapter, Fixtures.data("tensorboard/garbage.tfevents.1"), "record 0", "CRC");
    }

    @Test
    void foreignDataIsNotMine(@TempDir Path dir) throws IOException {
        assertEquals(0, adapter.validate(Fixtures.data("tensorboard/garbage.tfevents.1")));
        assertEquals(0, adapter.validate(Fixtures.data("numpy/activations.npy")));
        assertEquals(0, adapter.validate(dir));
        assertEquals(IRunAdapter.CERTAIN, adapter.validate(Files.createFile(dir.resolve("events.out.tfevents.0.x"))));
        Fixtures.assertOpenFails(adapter, dir.resolve("missing.tfevents.1"), "does not exist");
    }
}
