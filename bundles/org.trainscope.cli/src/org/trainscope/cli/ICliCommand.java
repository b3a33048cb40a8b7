package org.trainscope.cli;

import java.io.PrintStream;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A command of {@code trainscope-cli}, contributed to {@code org.trainscope.cli.commands}. Its
 * name and one-line summary are declared in plugin.xml (listing the commands loads no class); the
 * class is created the first time the command is run or asked for its usage.
 * <p>
 * The command line handles {@code --help}/{@code -h} itself (it prints {@link #usage()}), turns a
 * {@link CliException} into its exit code and message, and turns anything else the command
 * throws into exit code 3 naming the plug-in. Commands parse the rest with {@link CliArguments},
 * open runs with {@link CliRuns}, and print {@code --json} output with {@link CliJson}.
 */
public interface ICliCommand {
    /**
     * The help text: the first line is {@code usage: trainscope-cli NAME ...}, then what the
     * command does, its options, its output and when it exits with 2.
     */
    String usage();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command's name
     * @param out the results (text, or JSON with {@code --json}); nothing else goes here
     * @param err messages and warnings for people
     * @param progress progress of long work; printed on stderr when the command line shows progress
     * @return an {@link ExitCode} (normally {@link ExitCode#OK}; a command that finishes but found
     *         some inputs unreadable returns {@link ExitCode#BAD_DATA})
     * @throws CliException when the command stops: bad usage (1), bad data (2), a plug-in it
     *         called failed (3)
     */
    int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress) throws CliException;
}
