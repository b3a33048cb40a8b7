package org.trainscope.core.algorithms;

import java.util.List;
import java.util.Objects;

/**
 * A declared parameter of an algorithm: enough for a control panel or the CLI to offer it
 * without knowing the algorithm.
 *
 * @param name key in {@link AlgorithmParameters}
 * @param label what people read
 * @param type value type
 * @param defaultValue parsed default
 * @param min lower bound for numbers (inclusive), or null
 * @param max upper bound for numbers (inclusive), or null
 * @param choices allowed values of a {@link ParameterType#CHOICE}
 * @param description help text
 */
public record ParameterDescriptor(String name, String label, ParameterType type, Object defaultValue, Double min,
        Double max, List<String> choices, String description) {

    public ParameterDescriptor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        choices = List.copyOf(choices);
        label = label == null || label.isBlank() ? name : label;
        description = description == null ? "" : description;
        if (defaultValue != null) {
            check(defaultValue);
        }
    }

    /** Parses and range-checks a textual value; the exception says which parameter and why. */
    public Object parse(String text) {
        Object value;
        try {
            value = type.parse(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("parameter '" + name + "': '" + text + "' is not a valid "
                    + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        check(value);
        return value;
    }

    /** Throws IllegalArgumentException when {@code value} is out of range or not a choice. */
    public void check(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (Double.isNaN(d) || (min != null && d < min) || (max != null && d > max)) {
                throw new IllegalArgumentException("parameter '" + name + "': " + value + " is outside ["
                        + (min == null ? "-inf" : min) + ", " + (max == null ? "inf" : max) + "]");
            }
        }
        if (type == ParameterType.CHOICE && !choices.contains(value)) {
            throw new IllegalArgumentException("parameter '" + name + "': '" + value + "' is not one of " + choices);
        }
    }
}
