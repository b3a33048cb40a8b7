package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import org.trainscope.core.registry.ContributionProblem;
import org.trainscope.core.registry.ContributionProblems;

/** Assertions about what was reported for a stub contribution. */
final class ContributionFaults {
    private ContributionFaults() {
    }

    static ContributionProblem reported(String contributionId) {
        List<ContributionProblem> problems = ContributionProblems.getDefault().of(contributionId);
        assertFalse(problems.isEmpty(), "no problem reported for " + contributionId + "; all: "
                + ContributionProblems.getDefault().all());
        return problems.get(0);
    }

    static boolean notReported(String contributionId) {
        return ContributionProblems.getDefault().of(contributionId).isEmpty();
    }
}
