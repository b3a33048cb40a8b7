package org.trainscope.adapters.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.trace.TraceWriter;

/** A short, deterministic fuzzing campaign per parser: only IOExceptions may come out. */
class FuzzTest {
    private static final int CASES = 2_000;
    private static final long SEED = 20251128L;

    /** A small trace, closed cleanly, as the trace parser's seed. */
    static Path writeTraceSeed(Path dir) throws IOException {
        Path trace = dir.resolve("seed-trace");
        TraceWriter w = TraceRunAdapterTest.write(trace, 3);
        w.close();
        return trace;
    }

    @ParameterizedTest
    @ValueSource(strings = {"trace", "numpy", "tensorboard", "onnx"})
    void mutatedInputsFailOnlyWithIOException(String parser, @TempDir Path work, @TempDir Path seeds) throws IOException {
        Path traceSeed = writeTraceSeed(seeds);
        MutationFuzzer fuzzer = new MutationFuzzer(work, work.resolveSibling(work.getFileName() + "-findings"));
        try {
            MutationFuzzer.Target target = MutationFuzzer.targets(traceSeed).stream()
                    .filter(t -> t.name().equals(parser)).findFirst().orElseThrow();
            List<MutationFuzzer.Finding> findings = fuzzer.run(target, SEED, CASES, traceSeed);
            assertEquals(List.of(), findings);
        } finally {
            fuzzer.shutdown();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fuzz-regressions"})
    void savedCrashInputsStayFixed(String folder) throws IOException {
        Path dir = Fixtures.data(folder);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.sorted().toList()) {
                String name = p.getFileName().toString();
                var adapter = name.endsWith(".onnx") ? new org.trainscope.adapters.onnx.OnnxRunAdapter()
                        : name.contains(".tfevents.") ? new org.trainscope.adapters.tensorboard.TensorBoardRunAdapter()
                        : new org.trainscope.adapters.numpy.NumpyRunAdapter();
                assertEquals(null, MutationFuzzer.openAndRead(adapter, p), name);
            }
        }
    }
}
