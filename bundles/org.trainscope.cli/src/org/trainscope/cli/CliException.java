package org.trainscope.cli;

/**
 * Stops a command with one of the {@link ExitCode}s and a message for people (it names the file,
 * option or node at fault). The command line prints the message on stderr, prefixed with
 * {@code trainscope-cli COMMAND: }, and exits with the code; nothing more is printed.
 */
public final class CliException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        if (exitCode == ExitCode.OK) {
            throw new IllegalArgumentException("a CliException is a failure, not exit code 0");
        }
        this.exitCode = exitCode;
    }

    /** A mistake on the command line (exit 1). */
    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    /** Data that cannot be used (exit 2); the message names the file. */
    public static CliException badData(String message) {
        return new CliException(ExitCode.BAD_DATA, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
