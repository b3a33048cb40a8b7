package org.trainscope.core.algorithms;

/** Types an algorithm parameter may have; each knows how to parse its textual form. */
public enum ParameterType {
    INTEGER {
        @Override
        Object parse(String text) {
            return Long.parseLong(text.trim());
        }
    },
    DOUBLE {
        @Override
        Object parse(String text) {
            return Double.parseDouble(text.trim());
        }
    },
    BOOLEAN {
        @Override
        Object parse(String text) {
            String t = text.trim();
            if (!t.equals("true") && !t.equals("false")) {
                throw new IllegalArgumentException("'" + text + "' is neither true nor false");
            }
            return Boolean.valueOf(t);
        }
    },
    STRING {
        @Override
        Object parse(String text) {
            return text;
        }
    },
    CHOICE {
        @Override
        Object parse(String text) {
            return text.trim();
        }
    };

    abstract Object parse(String text);

    static ParameterType fromExternalName(String text) {
        return switch (text) {
            case "integer" -> INTEGER;
            case "double" -> DOUBLE;
            case "boolean" -> BOOLEAN;
            case "string" -> STRING;
            case "choice" -> CHOICE;
            default -> throw new IllegalArgumentException("unknown parameter type '" + text + "'");
        };
    }
}
