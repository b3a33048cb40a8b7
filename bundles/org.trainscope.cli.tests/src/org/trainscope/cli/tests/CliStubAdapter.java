package org.trainscope.cli.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.Run;

/** ".clistub" files: one loss value per line ("nan" allowed); anything unparsable is bad data. */
public class CliStubAdapter implements IRunAdapter {
    @Override
    public int validate(Path location) {
        return location.toString().endsWith(".clistub") ? 100 : 0;
    }

    @Override
    public Run open(Path location, IProgressMonitor monitor) throws IOException {
        var lines = Files.readAllLines(location);
        double[] values = new double[lines.size()];
        long[] iterations = new long[lines.size()];
        for (int i = 0; i < values.length; i++) {
            try {
                values[i] = Double.parseDouble(lines.get(i).trim());
            } catch (NumberFormatException e) {
                throw new IOException(location + ": line " + (i + 1) + " is not a number: '" + lines.get(i) + "'");
            }
            iterations[i] = i;
        }
        return BasicRun.builder("stub", location).metric(new MetricSeries("loss", iterations, values)).build();
    }
}
