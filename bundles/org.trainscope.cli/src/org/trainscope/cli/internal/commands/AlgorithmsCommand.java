package org.trainscope.cli.internal.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.algorithms.AlgorithmDescriptor;
import org.trainscope.core.algorithms.AlgorithmManager;
import org.trainscope.core.algorithms.ParameterDescriptor;

/** {@code trainscope-cli algorithms}: the installed algorithms and their declared parameters. */
public final class AlgorithmsCommand implements ICliCommand {
    @Override
    public String usage() {
        return """
                usage: trainscope-cli algorithms [--kind KIND] [--json]
                  Lists the installed algorithms (samplers, credit methods, ...) and their declared parameters,
                  as the commands that run them accept them (--param NAME=VALUE).
                  --kind  only this kind: sampler, creditMethod, clusterer, biclusterer, reorderer
                  --json  {"algorithms": [{"kind", "id", "name", "description", "version", "parameters":
                          [{"name", "type", "default", "min", "max", "choices": [...], "description"}]}]}
                          (absent facts are null)""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        CliArguments a = CliArguments.parse(args, List.of("--json"), List.of("--kind"));
        a.positional(0, 0, "no arguments");
        String kind = a.value("--kind").orElse(null);
        if (kind != null && !AlgorithmManager.KINDS.contains(kind)) {
            throw CliException.usage("unknown kind '" + kind + "'; known: " + String.join(", ", AlgorithmManager.KINDS));
        }
        List<AlgorithmDescriptor> algorithms = kind == null ? AlgorithmManager.getInstance().algorithms()
                : AlgorithmManager.getInstance().algorithms(kind);
        if (a.flag("--json")) {
            List<Object> list = new ArrayList<>();
            for (AlgorithmDescriptor d : algorithms) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("kind", d.kind());
                o.put("id", d.id());
                o.put("name", d.name());
                o.put("description", d.description());
                o.put("version", d.version());
                List<Object> params = new ArrayList<>();
                for (ParameterDescriptor p : d.parameters()) {
                    Map<String, Object> po = new LinkedHashMap<>();
                    po.put("name", p.name());
                    po.put("type", typeName(p));
                    po.put("default", p.defaultValue());
                    po.put("min", p.min());
                    po.put("max", p.max());
                    po.put("choices", List.copyOf(p.choices()));
                    po.put("description", p.description());
                    params.add(po);
                }
                o.put("parameters", params);
                list.add(o);
            }
            CliJson.print(out, Map.of("algorithms", list));
            return ExitCode.OK;
        }
        for (AlgorithmDescriptor d : algorithms) {
            out.println(d.kind() + "\t" + d.id() + "\t" + d.name() + " (version " + d.version() + ")");
            for (ParameterDescriptor p : d.parameters()) {
                out.println("\t" + p.name() + " : " + typeName(p) + (p.defaultValue() == null ? "" : " = "
                        + p.defaultValue()));
            }
        }
        return ExitCode.OK;
    }

    private static String typeName(ParameterDescriptor p) {
        return p.type().name().toLowerCase(Locale.ROOT);
    }
}
