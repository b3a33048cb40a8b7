package org.trainscope.core.tests.stubs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;

/** Reads a ".stub" file whose first line is "stub-run"; anything else is malformed. */
public class StubAdapter implements IRunAdapter {
    @Override
    public int validate(Path location) {
        return location.getFileName().toString().endsWith(".stub") ? 80 : 0;
    }

    @Override
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        String text = Files.readString(location);
        if (!text.startsWith("stub-run")) {
            throw new IOException(location + ": not a stub run (first line must be 'stub-run')");
        }
        return BasicRun.builder(location.getFileName().toString(), location)
                .metric(new MetricSeries("loss", new long[] { 0, 1 }, new double[] { 2.3, Double.NaN })).build();
    }
}
