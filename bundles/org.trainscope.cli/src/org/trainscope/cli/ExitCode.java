package org.trainscope.cli;

/**
 * The exit codes of {@code trainscope-cli}, the same for every command (docs/cli.md). A script
 * tells "I called it wrong" from "the data is bad" from "a plug-in is broken" by them.
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The command line is wrong: unknown command or option, a missing or malformed value. */
    public static final int USAGE = 1;
    /** The data cannot be used: a missing or unreadable file, a corrupt trace, an unknown node. */
    public static final int BAD_DATA = 2;
    /** A plug-in failed: a contributed command, adapter or algorithm threw. */
    public static final int PLUGIN_FAILED = 3;
    /** The Java heap was too small for the command (the launcher's TRAINSCOPE_HEAP sets it). */
    public static final int OUT_OF_MEMORY = 4;

    private ExitCode() {
    }
}
