package org.trainscope.cli.tests;

import java.io.PrintStream;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.trainscope.cli.CliArguments;
import org.trainscope.cli.CliException;
import org.trainscope.cli.ExitCode;
import org.trainscope.cli.ICliCommand;

/** A third-party command: prints its arguments (upper-cased with --loud), reporting progress per argument. */
public class EchoCommand implements ICliCommand {
    @Override
    public String usage() {
        return "usage: trainscope-cli test-echo [--loud] [--times N] WORD...";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress) throws CliException {
        CliArguments a = CliArguments.parse(args, List.of("--loud"), List.of("--times"));
        List<String> words = a.positional(1, Integer.MAX_VALUE, "a word");
        long times = a.longValue("--times", 1, 1, 10);
        SubMonitor monitor = SubMonitor.convert(progress, "Echoing", words.size());
        for (String w : words) {
            for (int i = 0; i < times; i++) {
                out.println(a.flag("--loud") ? w.toUpperCase(java.util.Locale.ROOT) : w);
            }
            monitor.worked(1);
        }
        return ExitCode.OK;
    }
}
