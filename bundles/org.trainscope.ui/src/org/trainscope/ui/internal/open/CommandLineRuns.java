package org.trainscope.ui.internal.open;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The runs named on the product's command line ({@code trainscope RUN...}), opened once the
 * workbench is up, as File > Open would open them (a background job each; a missing or unreadable
 * run is reported in the Runs view like any other failed open).
 *
 * <p>Equinox passes on what it did not consume itself, and launchers or test harnesses add options
 * of their own ({@code -testproperties FILE}, {@code -testApplication ID}). So an argument names a
 * run only when it does not start with '-' and does not follow an option: the word after an
 * option is taken as that option's value, except after the options known to take none
 * ({@code -clean}, {@code -consoleLog}, ...). Everything after {@code --} is a run.
 */
public final class CommandLineRuns {
    private static final Set<String> OPTIONS_WITHOUT_VALUE = Set.of("-clean", "-consolelog", "-debug", "-noexit",
            "-nosplash", "-initialize", "-console", "-nl.extensions", "-showlocation", "-refresh");

    private CommandLineRuns() {
    }

    /** The run locations among {@code args}, resolved against {@code workingDirectory}, in order. */
    public static List<Path> runs(String[] args, Path workingDirectory) {
        List<Path> runs = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; args != null && i < args.length; i++) {
            String a = args[i];
            if (a == null || a.isBlank()) {
                continue;
            }
            if (!optionsEnded && a.equals("--")) {
                optionsEnded = true;
            } else if (!optionsEnded && a.startsWith("-")) {
                if (a.equalsIgnoreCase("-vmargs")) {
                    break; // everything after belongs to the JVM
                }
                boolean takesValue = !OPTIONS_WITHOUT_VALUE.contains(a.toLowerCase(Locale.ROOT));
                if (takesValue && i + 1 < args.length && !args[i + 1].startsWith("-")) {
                    i++;
                }
            } else {
                runs.add(workingDirectory.resolve(a).normalize());
            }
        }
        return runs;
    }

    /** Schedules opening each run named in {@code args}; returns them. */
    public static List<Path> open(String[] args) {
        List<Path> runs = runs(args, Path.of("").toAbsolutePath());
        for (Path run : runs) {
            RunOpenFeedback.schedule(new RunOpenJob(run));
        }
        return runs;
    }
}
