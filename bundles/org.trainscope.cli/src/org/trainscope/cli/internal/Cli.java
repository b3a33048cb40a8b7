package org.trainscope.cli.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.trainscope.cli.CliCommandDescriptor;
import org.trainscope.cli.CliCommandManager;
import org.trainscope.cli.CliException;
import org.trainscope.cli.ExitCode;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/**
 * {@code trainscope-cli}: finds the command in {@link CliCommandManager} (every command, the
 * built-in ones included, is contributed to {@code org.trainscope.cli.commands}), answers
 * {@code --help} and {@code help COMMAND} itself, runs the command and maps what happens to the
 * exit codes of {@link ExitCode}. Contributions that broke during the command are named on stderr.
 */
public final class Cli {
    private static final List<String> HELP = List.of("-h", "--help");
    private static final String PROGRESS = "--progress";

    private final PrintStream out;
    private final PrintStream err;
    private final boolean showProgress;

    /** A command line that prints no progress (tests, scripts). */
    public Cli(PrintStream out, PrintStream err) {
        this(out, err, false);
    }

    /** @param showProgress print the progress of long work on {@code err} */
    public Cli(PrintStream out, PrintStream err, boolean showProgress) {
        this.out = out;
        this.err = err;
        this.showProgress = showProgress;
    }

    public int run(String... args) {
        boolean progress = showProgress;
        int first = 0;
        if (args.length > 0 && args[0].equals(PROGRESS)) {
            progress = true;
            first = 1;
        }
        if (args.length == first) {
            usage(err);
            return ExitCode.USAGE;
        }
        String name = args[first];
        List<String> rest = Arrays.asList(Arrays.copyOfRange(args, first + 1, args.length));
        if (HELP.contains(name)) {
            usage(out);
            return ExitCode.OK;
        }
        if (name.equals("help")) {
            return help(rest);
        }
        CliCommandDescriptor command = CliCommandManager.getInstance().command(name).orElse(null);
        if (command == null) {
            err.println("trainscope-cli: unknown command '" + name + "'");
            usage(err);
            return ExitCode.USAGE;
        }
        int problemsBefore = ContributionProblems.getDefault().all().size();
        int code;
        try {
            if (asksForHelp(rest)) {
                out.println(command.usage());
                code = ExitCode.OK;
            } else {
                IProgressMonitor monitor = progress ? new StderrProgressMonitor(err) : new NullProgressMonitor();
                code = command.run(rest, out, err, monitor);
            }
        } catch (CliException e) {
            err.println("trainscope-cli " + name + ": " + e.getMessage());
            if (e.exitCode() == ExitCode.USAGE) {
                printUsageOf(command);
            }
            code = e.exitCode();
        } catch (OutOfMemoryError e) {
            // not for a plug-in's safe runner to swallow, nor for Equinox to log while exiting with 0
            err.println("trainscope-cli " + name + ": out of memory: the Java heap ("
                    + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB; TRAINSCOPE_HEAP sets it) is too small for this");
            code = ExitCode.OUT_OF_MEMORY;
        }
        out.flush();
        warnAboutBrokenContributions(problemsBefore, name);
        return code;
    }

    /** Help comes first, even among other arguments (nothing else is done), but not after "--". */
    private static boolean asksForHelp(List<String> args) {
        for (String a : args) {
            if (a.equals("--")) {
                return false;
            }
            if (HELP.contains(a)) {
                return true;
            }
        }
        return false;
    }

    private void printUsageOf(CliCommandDescriptor command) {
        try {
            err.println(command.usage());
        } catch (CliException e) {
            // the command's failure was just printed; its usage cannot add to it
        }
    }

    /** Problems of other contributions (an adapter, an algorithm) that arose while the command ran. */
    private void warnAboutBrokenContributions(int before, String command) {
        List<ContributionProblem> all = ContributionProblems.getDefault().all();
        for (ContributionProblem p : all.subList(Math.min(before, all.size()), all.size())) {
            boolean theCommandItself = p.extensionPoint().equals(CliCommandManager.EXTENSION_POINT)
                    && p.contributionId().equals(command); // already said in its failure message
            if (!theCommandItself) {
                err.println("warning: " + p.describe());
            }
        }
    }

    private void usage(PrintStream s) {
        s.println("usage: trainscope-cli [--progress] COMMAND [ARGS]");
        List<CliCommandDescriptor> commands = CliCommandManager.getInstance().commands();
        int width = commands.stream().mapToInt(c -> c.name().length()).max().orElse(0);
        s.println("commands:");
        for (CliCommandDescriptor c : commands) {
            s.println("  " + c.name() + " ".repeat(width - c.name().length() + 3) + c.summary());
        }
        s.println("  help COMMAND" + " ".repeat(Math.max(1, width - 9)) + "explain a command (also: COMMAND --help)");
        s.println("--progress prints the progress of long work on stderr (it is printed anyway in a terminal).");
        s.println("Exit codes: 0 done, 1 usage, 2 bad data (the message names the file), 3 a plug-in failed.");
    }

    private int help(List<String> rest) {
        if (rest.isEmpty()) {
            usage(out);
            return ExitCode.OK;
        }
        CliCommandDescriptor command = CliCommandManager.getInstance().command(rest.get(0)).orElse(null);
        if (command == null) {
            err.println("trainscope-cli help: unknown command '" + rest.get(0) + "'");
            usage(err);
            return ExitCode.USAGE;
        }
        try {
            out.println(command.usage());
            return ExitCode.OK;
        } catch (CliException e) {
            err.println("trainscope-cli help: " + e.getMessage());
            return e.exitCode();
        }
    }
}
