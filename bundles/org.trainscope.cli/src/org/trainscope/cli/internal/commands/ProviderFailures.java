package org.trainscope.cli.internal.commands;

import java.io.IOException;
import java.util.List;

import org.trainscope.cli.CliException;
import org.trainscope.cli.ExitCode;
import org.trainscope.core.model.FailureMessage;
import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/**
 * What a data provider throws, as the command line's exit codes. Providers say "this data cannot
 * be used" with IllegalArgumentException or IOException (the message names the node, tensor or
 * file); when a contribution (a sampler, an operator) broke meanwhile, it was reported to
 * {@link ContributionProblems} by its safe call, and the failure is the plug-in's (exit 3); so is any
 * other runtime exception of the algorithm. The message names the exception's class ({@link FailureMessage}).
 */
final class ProviderFailures {
    private ProviderFailures() {
    }

    /** Remember this before calling the provider. */
    static int problemCount() {
        return ContributionProblems.getDefault().all().size();
    }

    static CliException of(Exception e, int problemsBefore) {
        return of(FailureMessage.cause(e), e, problemsBefore);
    }

    /** Like {@link #of(Exception, int)}, saying what failed on which run/tensor ({@link FailureMessage#of}). */
    static CliException of(String what, String where, Exception e, int problemsBefore) {
        return of(FailureMessage.of(what, where, e), e, problemsBefore);
    }

    private static CliException of(String message, Exception e, int problemsBefore) {
        List<ContributionProblem> all = ContributionProblems.getDefault().all();
        if (all.size() > problemsBefore) {
            ContributionProblem p = all.get(all.size() - 1);
            return new CliException(ExitCode.PLUGIN_FAILED, message + " (" + p.describe() + ")", e);
        }
        boolean fromTheData = e instanceof IOException || e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException;
        // anything else (an ArithmeticException, an IllegalStateException) is the algorithm failing on this data
        return new CliException(fromTheData ? ExitCode.BAD_DATA : ExitCode.PLUGIN_FAILED, message, e);
    }
}
