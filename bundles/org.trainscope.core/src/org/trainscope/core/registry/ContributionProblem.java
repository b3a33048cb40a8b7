package org.trainscope.core.registry;

import java.util.Objects;

/**
 * A contribution to one of TrainScope's extension points that could not be used: its class is
 * missing, its constructor threw, or one of its methods threw.
 *
 * @param extensionPoint full id of the extension point
 * @param contributor symbolic name of the bundle that made the contribution
 * @param contributionId id attribute of the contribution (or its element name when it has none)
 * @param message what went wrong, for people
 * @param cause the exception, or null
 */
public record ContributionProblem(String extensionPoint, String contributor, String contributionId, String message,
        Throwable cause) {

    public ContributionProblem {
        Objects.requireNonNull(extensionPoint);
        Objects.requireNonNull(contributor);
        Objects.requireNonNull(contributionId);
        Objects.requireNonNull(message);
    }

    /** One line naming the contribution, its plug-in and the problem. */
    public String describe() {
        String reason = cause == null ? "" : ": " + cause;
        return "Contribution '" + contributionId + "' of plug-in " + contributor + " to " + extensionPoint + " "
                + message + reason;
    }
}
