package org.trainscope.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;
import org.trainscope.core.registry.LazyContribution;

/**
 * One command contributed to {@code org.trainscope.cli.commands}: its declared name and summary,
 * and its class, created on first use and only called through the registry's safe call.
 */
public final class CliCommandDescriptor {
    private final String name;
    private final String summary;
    private final String contributor;
    private final LazyContribution<ICliCommand> command;

    CliCommandDescriptor(String name, String summary, String contributor, LazyContribution<ICliCommand> command) {
        this.name = name;
        this.summary = summary;
        this.contributor = contributor;
        this.command = command;
    }

    /** What is typed after {@code trainscope-cli}. */
    public String name() {
        return name;
    }

    /** One line for {@code trainscope-cli --help}. */
    public String summary() {
        return summary;
    }

    /** The plug-in that contributes the command. */
    public String contributor() {
        return contributor;
    }

    /** The command's help text; a plug-in failure (exit 3) when its class cannot be created or throws. */
    public String usage() throws CliException {
        return command.call(ICliCommand::usage).orElseThrow(this::failure);
    }

    /**
     * Runs the command. Whatever the command throws other than a {@link CliException} is reported
     * as a contribution problem and becomes a {@link CliException} with exit code 3.
     */
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress)
            throws CliException {
        return command.call(c -> c.run(args, out, err, progress), CliException.class).orElseThrow(this::failure);
    }

    private CliException failure() {
        List<ContributionProblem> problems = ContributionProblems.getDefault().of(name);
        String why = problems.isEmpty() ? "" : ": " + problems.get(problems.size() - 1).describe();
        return new CliException(ExitCode.PLUGIN_FAILED, "the command of plug-in " + contributor + " failed" + why);
    }

    @Override
    public String toString() {
        return "CliCommand[" + name + " of " + contributor + "]";
    }
}
