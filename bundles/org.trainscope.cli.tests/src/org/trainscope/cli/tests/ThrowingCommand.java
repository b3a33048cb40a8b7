package org.trainscope.cli.tests;

import java.io.PrintStream;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.trainscope.cli.ICliCommand;

/** A broken third-party command: its usage works, running it throws (an OutOfMemoryError with --oom). */
public class ThrowingCommand implements ICliCommand {
    @Override
    public String usage() {
        return "usage: trainscope-cli test-boom";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err, IProgressMonitor progress) {
        out.println("about to fail");
        if (args.contains("--oom")) {
            // as a summary of a long run did with a 4 GiB heap (thrown, not provoked: the test JVM stays usable)
            throw new OutOfMemoryError("Java heap space");
        }
        throw new IllegalStateException("boom from a test plug-in");
    }
}
