package org.trainscope.cli.internal.commands;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.CliJson;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;
import org.trainscope.core.adapters.AdapterDescriptor;
import org.trainscope.core.adapters.AdapterManager;

/** {@code trainscope-cli adapters}: the installed data adapters. */
public final class AdaptersCommand implements ICliCommand {
    @Override
    public String usage() {
        return """
                usage: trainscope-cli adapters [--json]
                  Lists the installed data adapters: id, name, file patterns, whether they read folders.
                  --json  {"adapters": [{"id", "name", "filePatterns": [...], "folders": true|false}]}""";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        CliArguments a = CliArguments.parse(args, "--json");
        a.positional(0, 0, "no arguments");
        List<AdapterDescriptor> adapters = AdapterManager.getInstance().adapters();
        if (a.flag("--json")) {
            List<Object> list = new ArrayList<>();
            for (AdapterDescriptor d : adapters) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", d.id());
                o.put("name", d.name());
                o.put("filePatterns", List.copyOf(d.filePatterns()));
                o.put("folders", d.acceptsFolders());
                list.add(o);
            }
            CliJson.print(out, Map.of("adapters", list));
            return ExitCode.OK;
        }
        for (AdapterDescriptor d : adapters) {
            out.println(d.id() + "\t" + d.name() + "\t" + (d.filePatterns().isEmpty() ? "*"
                    : String.join(",", d.filePatterns())) + (d.acceptsFolders() ? "\tfolders" : ""));
        }
        return ExitCode.OK;
    }
}
