package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.algorithms.sampling.SamplingResult;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.trace.OutputFiles;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.model.Run;

/**
 * {@code trainscope-cli sample}: the neurons a sampler selects from a tensor's training dynamics,
 * in the order it selected them ({@link DynamicsChartProvider#sample}), as the Training Dynamics
 * view samples them.
 */
public final class SampleCommand implements ICliCommand {
    @Override
    public String usage() {
        return """
                usage: trainscope-cli sample RUN --tensor NAME [--count N | --rate R] [--method ID] [--seed S]
                         [--param NAME=VALUE]... [--out FILE] [--json]
                  Samples the neurons of a recorded tensor by their training dynamics (one polyline per neuron
                  over all records) as the Training Dynamics view does, and prints the selected neuron indices,
                  one per line, in the order the sampler selected them.
                """ + SampleOptions.USAGE + """
                  --out FILE         write the indices to FILE (one per line) instead of stdout
                  --json             {"run", "tensor", "sampler", "seed", "count", "polylines", "parameters",
                                     "indices"} (docs/cli.md)
                  Exit 2 (nothing written) for an unknown tensor, a tensor of fewer than 2 records, a file that
                  cannot be read or written; 3 when the sampler fails.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        List<String> options = new ArrayList<>(SampleOptions.OPTIONS);
        options.add("--out");
        CliArguments a = CliArguments.parse(args, List.of("--json"), options);
        Path path = Path.of(a.positional(1, 1, "the run").get(0));
        SampleOptions sample = SampleOptions.of(a);
        Path file = a.value("--out").map(Path::of).orElse(null);
        SubMonitor monitor = SubMonitor.convert(progress, "Sampling " + sample.tensorName() + " of " + path, 10);
        DynamicsRequest request;
        SamplingResult result;
        int polylines;
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            request = sample.request(run, 800, 400);
            polylines = request.grouping().polylines(request.tensor(), request.layout()).neuronCount();
            int problemsBefore = ProviderFailures.problemCount();
            try {
                result = DynamicsChartProvider.sample(request, monitor.split(9));
            } catch (IOException | RuntimeException e) {
                throw ProviderFailures.of("Sampling", run.name() + "/" + request.tensor().id(), e, problemsBefore);
            }
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
        int[] indices = result.selectionOrder();
        if (file != null) {
            writeLines(file, indices);
        }
        if (a.flag("--json")) {
            CliJson.print(out, json(path, request, sample, polylines, indices));
        } else if (file == null) {
            for (int i : indices) {
                out.println(i);
            }
        }
        return ExitCode.OK;
    }

    /** One index a line, written beside {@code file} and moved in place. */
    private static void writeLines(Path file, int[] indices) throws CliException {
        StringBuilder text = new StringBuilder();
        for (int i : indices) {
            text.append(i).append('\n');
        }
        try {
            OutputFiles.write(file, partial -> Files.writeString(partial, text, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CliException.badData("cannot write " + file + ": " + e);
        }
    }

    private static Map<String, Object> json(Path path, DynamicsRequest r, SampleOptions sample, int polylines,
            int[] indices) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run", path.toString());
        o.put("tensor", r.tensor().id());
        o.put("sampler", r.samplerId());
        o.put("seed", r.seed());
        o.put("count", (long) indices.length);
        o.put("polylines", (long) polylines);
        o.put("parameters", new LinkedHashMap<String, Object>(sample.parameters()));
        List<Object> list = new ArrayList<>();
        for (int i : indices) {
            list.add((long) i);
        }
        o.put("indices", list);
        return o;
    }
}
