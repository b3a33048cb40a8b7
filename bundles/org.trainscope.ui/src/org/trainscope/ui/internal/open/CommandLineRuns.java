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
 * <p>Equinox passes on what it did not consume itself; of that, an argument that does not start
 * with '-' names a run, unless it is the value of an Eclipse option that takes one (the platform
 * usually consumes those, but a launcher script or an IDE may pass them on).
 */
public final class CommandLineRuns {
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("-data", "-configuration", "-name", "-vm", "-nl",
            "-os", "-ws", "-arch", "-product", "-application", "-user", "-install", "-perspective",
            "-plugincustomization", "-startup", "-library", "-showsplash", "-launcher.library", "-vmargs");

    private CommandLineRuns() {
    }

    /** The run locations among {@code args}, resolved against {@code workingDirectory}, in order. */
    public static List<Path> runs(String[] args, Path workingDirectory) {
        List<Path> runs = new ArrayList<>();
        for (int i = 0; args != null && i < args.length; i++) {
            String a = args[i];
            if (a == null || a.isBlank()) {
                continue;
            }
            if (a.startsWith("-")) {
                if (a.equalsIgnoreCase("-vmargs")) {
                    break; // everything after belongs to the JVM
                }
                if (OPTIONS_WITH_VALUE.contains(a.toLowerCase(Locale.ROOT)) && i + 1 < args.length
                        && !args[i + 1].startsWith("-")) {
                    i++;
                }
                continue;
            }
            runs.add(workingDirectory.resolve(a).normalize());
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
