package org.trainscope.cli;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.IConfigurationElement;
import org.trainscope.core.registry.ExtensionPointReader;
import org.trainscope.core.registry.LazyContribution;

/**
 * The one manager of {@code org.trainscope.cli.commands}: reads the declarations once, creates a
 * command's class only when it runs. A declaration without a valid name, or with a name another
 * plug-in already took, is reported and skipped; the other commands keep working.
 */
public final class CliCommandManager extends ExtensionPointReader<CliCommandDescriptor> {
    public static final String EXTENSION_POINT = "org.trainscope.cli.commands";
    /** Lower-case words joined by '-': "info", "record-demo". */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
    /** Words the command line itself answers; no command may take them. */
    private static final List<String> RESERVED = List.of("help");
    private static final CliCommandManager INSTANCE = new CliCommandManager();

    /** Who declared each name first; only touched while the declarations are read (once, synchronized). */
    private final Map<String, String> claimedBy = new HashMap<>();

    private CliCommandManager() {
        super(EXTENSION_POINT);
    }

    public static CliCommandManager getInstance() {
        return INSTANCE;
    }

    /** Every usable command, by name. */
    public List<CliCommandDescriptor> commands() {
        return descriptors().stream().sorted(Comparator.comparing(CliCommandDescriptor::name)).toList();
    }

    public Optional<CliCommandDescriptor> command(String name) {
        return descriptors().stream().filter(c -> c.name().equals(name)).findFirst();
    }

    @Override
    protected CliCommandDescriptor parse(IConfigurationElement element) {
        if (!element.getName().equals("command")) {
            return null;
        }
        String name = required(element, "name");
        String summary = required(element, "summary");
        required(element, "class");
        if (!NAME.matcher(name).matches() || RESERVED.contains(name)) {
            throw new IllegalArgumentException("command name '" + name
                    + "' is not lower-case words joined by '-', or is reserved");
        }
        String contributor = element.getContributor().getName();
        String earlier = claimedBy.putIfAbsent(name, contributor);
        if (earlier != null) {
            throw new IllegalArgumentException("command name '" + name + "' is already taken by plug-in " + earlier);
        }
        return new CliCommandDescriptor(name, summary, contributor,
                new LazyContribution<>(element, "class", ICliCommand.class, EXTENSION_POINT, name));
    }
}
