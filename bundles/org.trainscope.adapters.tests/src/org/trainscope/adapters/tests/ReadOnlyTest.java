package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.adapters.numpy.NumpyRunAdapter;
import org.trainscope.adapters.onnx.OnnxRunAdapter;
import org.trainscope.adapters.tensorboard.TensorBoardRunAdapter;
import org.trainscope.adapters.trace.TraceRunAdapter;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.Run;
import org.trainscope.core.model.TensorSeries;

/** Opening and reading leaves every byte and every modification time of the input as it was. */
class ReadOnlyTest {
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @ParameterizedTest
    @ValueSource(strings = {"trace", "numpy/activations.npy", "numpy/arrays.npz", "onnx/mlp.onnx",
            "tensorboard/events.out.tfevents.1700000000.host.1.0"})
    void openAndReadChangeNothing(String input, @TempDir Path dir) throws IOException {
        Path location;
        IRunAdapter adapter;
        if (input.equals("trace")) {
            location = FuzzTest.writeTraceSeed(dir);
            adapter = new TraceRunAdapter();
        } else {
            location = Fixtures.copy(Fixtures.data(input), dir);
            adapter = input.endsWith(".onnx") ? new OnnxRunAdapter()
                    : input.contains("tfevents") ? new TensorBoardRunAdapter() : new NumpyRunAdapter();
        }
        Map<Path, byte[]> before = snapshot(location);
        for (Path p : before.keySet()) {
            Files.setLastModifiedTime(p, LONG_AGO);
        }
        adapter.validate(location);
        try (Run run = adapter.open(location, new NullProgressMonitor())) {
            for (TensorSeries t : run.tensors()) {
                t.readSnapshot(0, new float[t.neuronCount()]);
            }
            run.refresh();
        }
        Map<Path, byte[]> after = snapshot(location);
        assertEquals(before.keySet(), after.keySet(), "no file created or removed");
        for (Path p : before.keySet()) {
            assertArrayEquals(before.get(p), after.get(p), p + " unchanged");
            assertEquals(LONG_AGO, Files.getLastModifiedTime(p), p + " mtime unchanged");
        }
    }

    private static Map<Path, byte[]> snapshot(Path location) throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        List<Path> all;
        try (Stream<Path> s = Files.walk(location)) {
            all = s.filter(Files::isRegularFile).toList();
        }
        for (Path p : all) {
            files.put(p, Files.readAllBytes(p));
        }
        return files;
    }
}
