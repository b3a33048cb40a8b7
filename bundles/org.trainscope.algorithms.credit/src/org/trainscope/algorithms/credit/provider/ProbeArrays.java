package org.trainscope.algorithms.credit.provider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.trainscope.core.model.Run;
import org.trainscope.core.operators.FloatTensor;
import org.trainscope.trace.ArrayInfo;
import org.trainscope.trace.TraceReader;

/**
 * Static arrays of a run recorded as a TrainScope trace (trace format §4.5), such as the noise a
 * random variable drew for the probe inputs (§4.1, node attribute "probeNoise"). Runs read from
 * other formats have none.
 */
final class ProbeArrays {
    private ProbeArrays() {
    }

    /**
     * @throws IllegalArgumentException when the run is not a trace or has no such array
     * @throws IOException when the array's file cannot be read
     */
    static FloatTensor read(Run run, String arrayId) throws IOException {
        Path dir = run.location();
        if (dir == null || !Files.isRegularFile(dir.resolve("manifest.json"))) {
            throw new IllegalArgumentException("the run '" + run.name() + "' is not a trace folder, so it holds no array '"
                    + arrayId + "'");
        }
        try (TraceReader reader = TraceReader.open(dir)) {
            ArrayInfo info = reader.manifest().array(arrayId).orElseThrow(() -> new IllegalArgumentException(
                    "the trace " + dir + " declares no array '" + arrayId + "'"));
            int[] shape = info.shape().stream().mapToInt(Integer::intValue).toArray();
            return new FloatTensor(shape, reader.readArrayFloats(arrayId));
        }
    }
}
