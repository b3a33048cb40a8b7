package org.trainscope.core.tests.stubs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.adapters.IRunAdapter;
import org.trainscope.core.model.BasicRun;
import org.trainscope.core.model.MetricSeries;
import org.trainscope.core.model.NetworkGraph;
import org.trainscope.core.model.Node;
import org.trainscope.core.model.NodeKind;
import org.trainscope.core.model.Run;

/**
 * Reads a ".stub" file whose first line is "stub-run"; anything else is malformed. Further lines
 * "declares ID" (the model type the data names) and "node OPTYPE" (an operator node) shape the run.
 */
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
        BasicRun.Builder run = BasicRun.builder(location.getFileName().toString(), location)
                .metric(new MetricSeries("loss", new long[] { 0, 1 }, new double[] { 2.3, Double.NaN }));
        NetworkGraph.Builder graph = NetworkGraph.builder();
        for (String line : text.split("\n")) {
            if (line.startsWith("declares ")) {
                run.modelType(line.substring("declares ".length()).trim());
            } else if (line.startsWith("node ")) {
                String op = line.substring("node ".length()).trim();
                graph.add(new Node(op, op, NodeKind.OPERATOR, op, "", Map.of()));
            }
        }
        return run.graph(graph.build()).build();
    }
}
