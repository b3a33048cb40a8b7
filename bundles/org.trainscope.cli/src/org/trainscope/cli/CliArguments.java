package org.trainscope.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of one command: flags ({@code --json}), options with a value ({@code --node ID}
 * or {@code --node=ID}, repeatable ones such as {@code --param k=v} kept in order) and positional
 * arguments. Anything that looks like an option but is not declared is a usage error (exit 1),
 * so a typo never silently changes a result. {@code --} ends the options.
 */
public final class CliArguments {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    private CliArguments() {
    }

    /**
     * Parses {@code args}.
     *
     * @param flags options without a value, e.g. {@code --json}
     * @param options options that take a value, e.g. {@code --node}
     * @throws CliException (usage) for an undeclared option or an option without its value
     */
    public static CliArguments parse(List<String> args, Collection<String> flags, Collection<String> options)
            throws CliException {
        CliArguments parsed = new CliArguments();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (optionsEnded || !looksLikeOption(arg)) {
                parsed.positional.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (flags.contains(name)) {
                if (eq >= 0) {
                    throw CliException.usage("option " + name + " takes no value");
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add("");
            } else if (options.contains(name)) {
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw CliException.usage(name + " needs a value");
                }
                parsed.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw CliException.usage("unknown option '" + name + "'");
            }
        }
        return parsed;
    }

    /** Parses arguments that only have flags and positional arguments. */
    public static CliArguments parse(List<String> args, String... flags) throws CliException {
        return parse(args, Set.of(flags), Set.of());
    }

    /** "--x", "-x"; not "-" (stdin by convention) and not negative numbers such as "-1.5". */
    private static boolean looksLikeOption(String arg) {
        return arg.startsWith("--") || arg.length() > 1 && arg.charAt(0) == '-' && Character.isLetter(arg.charAt(1));
    }

    public boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The value of an option given at most once; empty when absent. */
    public Optional<String> value(String name) throws CliException {
        List<String> given = values.getOrDefault(name, List.of());
        if (given.size() > 1) {
            throw CliException.usage(name + " is given " + given.size() + " times; give it once");
        }
        return given.stream().findFirst();
    }

    /** The value of an option that must be given once. */
    public String required(String name) throws CliException {
        return value(name).orElseThrow(() -> CliException.usage(name + " is required"));
    }

    /** Every value of a repeatable option, in command-line order. */
    public List<String> values(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /** An integer option within {@code [min, max]}; {@code fallback} when absent. */
    public long longValue(String name, long fallback, long min, long max) throws CliException {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return fallback;
        }
        long v;
        try {
            v = Long.parseLong(text.get().trim());
        } catch (NumberFormatException e) {
            throw CliException.usage(name + " needs a whole number, not '" + text.get() + "'");
        }
        if (v < min || v > max) {
            throw CliException.usage(name + " must be between " + min + " and " + max + ", not " + v);
        }
        return v;
    }

    /** A finite number option within {@code [min, max]}; {@code fallback} when absent. */
    public double doubleValue(String name, double fallback, double min, double max) throws CliException {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return fallback;
        }
        double v;
        try {
            v = Double.parseDouble(text.get().trim());
        } catch (NumberFormatException e) {
            throw CliException.usage(name + " needs a number, not '" + text.get() + "'");
        }
        if (!(v >= min && v <= max)) {
            throw CliException.usage(name + " must be between " + min + " and " + max + ", not " + text.get());
        }
        return v;
    }

    /** The arguments that are not options, in order. */
    public List<String> positional() {
        return List.copyOf(positional);
    }

    /** The positional arguments, of which there must be between {@code min} and {@code max}. */
    public List<String> positional(int min, int max, String what) throws CliException {
        if (positional.size() < min) {
            throw CliException.usage("give " + what);
        }
        if (positional.size() > max) {
            throw CliException.usage("unexpected argument '" + positional.get(max) + "'");
        }
        return positional();
    }
}
