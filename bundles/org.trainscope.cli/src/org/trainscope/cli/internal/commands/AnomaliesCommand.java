package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.CliRuns;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.model.Run;
import org.trainscope.core.summary.Anomaly;
import org.trainscope.core.summary.RunSummaryModel;
import org.trainscope.core.summary.RunSummaryProvider;

/** {@code trainscope-cli anomalies}: the run summary provider's anomalies of one run. */
public final class AnomaliesCommand implements ICliCommand {
    @Override
    public String usage() {
        return """
                usage: trainscope-cli anomalies [--metrics-only] [--json] RUN
                  Lists what in RUN is worth a look, by iteration: the first NaN/Inf of every metric, of every
                  recorded tensor and of every node the recorder counted NaN/Inf in; loss spikes, plateaus
                  and divergence (criteria in docs/algorithms/anomalies.md). Reads every tensor record once.
                  --metrics-only  look at the metrics only (no tensor data is read: fast on large runs)
                  --json          {"run", "name", "tensorsScanned", "firstNonFinite", "anomalies": [{"kind",
                                  "subjectKind", "subject", "iteration", "value", "description"}]}
                  Finding anomalies is success (exit 0). Exit 2 when RUN cannot be read, 3 when a plug-in fails.""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        CliArguments a = CliArguments.parse(args, "--json", "--metrics-only");
        Path path = Path.of(a.positional(1, 1, "the run").get(0));
        SubMonitor monitor = SubMonitor.convert(progress, "Anomalies of " + path, 3);
        RunSummaryModel model;
        try (Run run = CliRuns.open(path, monitor.split(1))) {
            RunSummaryProvider provider = new RunSummaryProvider();
            model = a.flag("--metrics-only") ? provider.facts(run) : provider.summarize(run, monitor.split(2));
        } catch (IOException e) {
            throw CliException.badData("cannot read " + path + ": " + e.getMessage());
        }
        if (a.flag("--json")) {
            CliJson.print(out, json(path, model));
            return ExitCode.OK;
        }
        out.println("run:        " + model.name() + " (" + path + ")");
        model.firstNonFiniteOrigin().ifPresent(o -> out.println("first NaN/Inf: " + o));
        out.println("anomalies:  " + model.anomalies().size() + (model.tensorsScanned() ? ""
                : " (metrics only; tensors not read)"));
        for (Anomaly an : model.anomalies()) {
            out.println(String.format(Locale.ROOT, "  %8d  %-17s %s", an.iteration(), an.kind().externalName(),
                    an.description()));
        }
        return ExitCode.OK;
    }

    static Map<String, Object> json(Path path, RunSummaryModel model) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("run", path.toString());
        o.put("name", model.name());
        o.put("tensorsScanned", model.tensorsScanned());
        o.put("firstNonFinite", model.firstNonFiniteOrigin().orElse(null));
        List<Object> list = new ArrayList<>();
        for (Anomaly an : model.anomalies()) {
            Map<String, Object> ao = new LinkedHashMap<>();
            ao.put("kind", an.kind().externalName());
            ao.put("subjectKind", an.subjectKind().externalName());
            ao.put("subject", an.subject());
            ao.put("iteration", an.iteration());
            ao.put("value", CliJson.number(an.value()));
            ao.put("description", an.description());
            list.add(ao);
        }
        o.put("anomalies", list);
        return o;
    }
}
