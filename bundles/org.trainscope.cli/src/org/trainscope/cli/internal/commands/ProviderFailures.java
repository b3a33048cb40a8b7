package org.trainscope.cli.internal.commands;

import java.util.List;

import org.trainscope.cli.CliException;
import org.trainscope.cli.ExitCode;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/**
 * What a data provider throws, as the command line's exit codes. Providers say "this data cannot
 * be used" with IllegalArgumentException or IOException (the message names the node, tensor or
 * file); when a contribution (a sampler, an operator) broke meanwhile, it was reported to
 * {@link ContributionProblems} by its safe call, and the failure is the plug-in's (exit 3).
 */
final class ProviderFailures {
    private ProviderFailures() {
    }

    /** Remember this before calling the provider. */
    static int problemCount() {
        return ContributionProblems.getDefault().all().size();
    }

    static CliException of(Exception e, int problemsBefore) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        List<ContributionProblem> all = ContributionProblems.getDefault().all();
        if (all.size() > problemsBefore) {
            ContributionProblem p = all.get(all.size() - 1);
            return new CliException(ExitCode.PLUGIN_FAILED, message + " (" + p.describe() + ")", e);
        }
        return new CliException(ExitCode.BAD_DATA, message, e);
    }
}
