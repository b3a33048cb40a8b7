package org.trainscope.core.algorithms;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Values of an algorithm's declared parameters, checked against the declarations and completed
 * with defaults. Immutable; the canonical text form keys the on-disk result cache.
 */
public final class AlgorithmParameters {
    private final Map<String, Object> values;

    private AlgorithmParameters(Map<String, Object> values) {
        this.values = Map.copyOf(values);
    }

    /** Defaults overridden by {@code given}; unknown names and bad values are rejected. */
    public static AlgorithmParameters of(List<ParameterDescriptor> declared, Map<String, ?> given) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParameterDescriptor p : declared) {
            if (p.defaultValue() != null) {
                values.put(p.name(), p.defaultValue());
            }
        }
        for (Map.Entry<String, ?> e : given.entrySet()) {
            ParameterDescriptor p = declared.stream().filter(d -> d.name().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown parameter '" + e.getKey()
                            + "'; known: " + declared.stream().map(ParameterDescriptor::name).toList()));
            Object v = e.getValue() instanceof String s && p.type() != ParameterType.STRING ? p.parse(s)
                    : e.getValue();
            if (v instanceof Integer i) {
                v = i.longValue();
            }
            p.check(v);
            values.put(p.name(), v);
        }
        return new AlgorithmParameters(values);
    }

    /**
     * Parses {@code name=value} assignments (the command line's {@code --param k=v}, repeated)
     * against the declarations: defaults completed, each value parsed and range-checked; the
     * exception names the assignment and says why it is wrong.
     */
    public static AlgorithmParameters parse(List<ParameterDescriptor> declared, List<String> assignments) {
        return of(declared, assignments(assignments));
    }

    /**
     * {@code name=value} texts as name to value text, in the given order; one without '=' or a
     * name given twice is rejected. The value is everything after the first '='.
     */
    public static Map<String, String> assignments(List<String> assignments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + a + "': give a parameter as name=value");
            }
            String name = a.substring(0, eq).trim();
            if (values.put(name, a.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("parameter '" + name + "' given twice");
            }
        }
        return values;
    }

    /** Parameters without declarations, for algorithms used directly from code. */
    public static AlgorithmParameters of(Map<String, ?> values) {
        return new AlgorithmParameters(new LinkedHashMap<>(values));
    }

    public long getLong(String name) {
        return ((Number) require(name)).longValue();
    }

    public int getInt(String name) {
        return Math.toIntExact(getLong(name));
    }

    public double getDouble(String name) {
        return ((Number) require(name)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) require(name);
    }

    public String getString(String name) {
        return require(name).toString();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private Object require(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + name + "' has no value and no default");
        }
        return v;
    }

    /** name=value pairs sorted by name: stable across runs, used as a cache key. */
    public String canonical() {
        return values.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getKey() + "=" + e.getValue())
                .reduce((a, b) -> a + ";" + b).orElse("");
    }

    @Override
    public String toString() {
        return canonical();
    }
}
