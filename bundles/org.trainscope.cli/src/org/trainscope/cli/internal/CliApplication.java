package org.trainscope.cli.internal;

import java.util.Arrays;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;

/** Equinox entry point of {@code trainscope-cli}: runs one command and returns its exit code. */
public class CliApplication implements IApplication {

    @Override
    public Object start(IApplicationContext context) {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS,
                new String[0]);
        // Equinox leaves its own options out of application.args, except these harmless ones.
        String[] own = Arrays.stream(args).filter(a -> !a.equals("-consoleLog") && !a.equals("-nosplash"))
                .toArray(String[]::new);
        // Progress lines help a person at a terminal; in a pipeline or a log they are noise unless asked
        // for (--progress). Java cannot ask whether stderr alone is a terminal; System.console() asks
        // for stdin and stdout, which is the interactive case that matters.
        boolean interactive = System.console() != null;
        return new Cli(System.out, System.err, interactive).run(own);
    }

    @Override
    public void stop() {
        // commands are short; nothing to interrupt
    }
}
