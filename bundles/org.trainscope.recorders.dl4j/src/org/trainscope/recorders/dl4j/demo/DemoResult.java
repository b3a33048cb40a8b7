package org.trainscope.recorders.dl4j.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.trainscope.recorders.dl4j.Anomaly;

/**
 * What a demo run produced: its trace, how many iterations it trained, how long it took, the
 * final test accuracy (NaN for the VAEs), the anomaly that stopped it, if any, its size on disk and
 * the recorder's warnings (the anomaly's included).
 */
public record DemoResult(DemoKind kind, Path trace, int iterations, Duration duration, double testAccuracy,
        Optional<Anomaly> anomaly, long traceBytes, List<String> warnings) {
    public DemoResult {
        warnings = List.copyOf(warnings);
    }
}
