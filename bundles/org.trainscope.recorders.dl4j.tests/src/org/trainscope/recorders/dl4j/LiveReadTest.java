package org.trainscope.recorders.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.trainscope.trace.TraceReader;

/** A trace can be opened while the training writes it, and refreshing shows the new iterations. */
class LiveReadTest {
    @TempDir
    Path tmp;

    @Test
    void readerSeesNewRecordsOnRefresh() throws Exception {
        TinyNets.Data data = new TinyNets.Data(200, 4);
        DataSet probe = data.batch(data.indicesOfBatch(9, 5));
        MultiLayerNetwork net = TinyNets.mlp(5, 1e-2);
        Path dir = tmp.resolve("live");
        TraceRecordingListener rec = new TraceRecordingListener(dir, probe.getFeatures(), probe.getLabels(),
                RecordingConfig.builder().tensorsEvery(1).build());
        net.setListeners(rec);
        for (int b = 0; b < 10; b++) {
            net.fit(data.batch(data.indicesOfBatch(b, 8)));
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            assertFalse(reader.isComplete(), "still being written");
            assertEquals(10, reader.recordCount());
            float[] act = MlpRecordingTest.read(reader, "dense0.relu.act", 9);
            assertEquals(5 * 16, act.length);

            for (int b = 10; b < 25; b++) {
                net.fit(data.batch(data.indicesOfBatch(b, 8)));
            }
            assertTrue(reader.refresh());
            assertEquals(25, reader.recordCount());
            assertEquals(24, reader.iteration(24));
            MlpRecordingTest.read(reader, "output1.W.update", 24);

            rec.close();
            reader.refresh();
            assertTrue(reader.isComplete());
            assertEquals(25, reader.recordCount());
        }
    }
}
