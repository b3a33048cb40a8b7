package org.trainscope.trace.json;

import java.util.List;
import java.util.Map;

/**
 * Writes the values {@link JsonParser} produces back as JSON. Doubles use Java's shortest
 * round-trip form, so a value read back is the same double. Non-finite doubles are refused: JSON
 * has no literal for them and the format encodes them as strings where it allows them.
 */
public final class JsonWriter {
    private JsonWriter() {
    }

    /** Compact, single-line JSON (journal lines). */
    public static String compact(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1);
        return sb.toString();
    }

    /** Indented JSON (the manifest, which people read). */
    public static String pretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object value, int indent) {
        if (value == null || value == JsonParser.NULL) {
            sb.append("null");
        } else if (value instanceof String) {
            writeString(sb, (String) value);
        } else if (value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            double d = ((Number) value).doubleValue();
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("JSON cannot hold " + d);
            }
            sb.append(Double.toString(d)); // "1.0E-5" is valid JSON and reads back as the same double
        } else if (value instanceof Number) {
            sb.append(((Number) value).longValue());
        } else if (value instanceof Map) {
            writeObject(sb, (Map<?, ?>) value, indent);
        } else if (value instanceof List) {
            writeArray(sb, (List<?>) value, indent);
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> map, int indent) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            if (indent >= 0) {
                newline(sb, indent + 1);
            }
            writeString(sb, (String) e.getKey());
            sb.append(indent >= 0 ? ": " : ":");
            write(sb, e.getValue(), indent < 0 ? -1 : indent + 1);
        }
        if (!map.isEmpty() && indent >= 0) {
            newline(sb, indent);
        }
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, List<?> list, int indent) {
        // Arrays of plain numbers (shapes) stay on one line; arrays of objects get one per line.
        boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
        sb.append('[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                sb.append(flat && indent >= 0 ? ", " : ",");
            }
            if (!flat && indent >= 0) {
                newline(sb, indent + 1);
            }
            write(sb, list.get(i), indent < 0 ? -1 : indent + 1);
        }
        if (!flat && !list.isEmpty() && indent >= 0) {
            newline(sb, indent);
        }
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent) {
        sb.append('\n').append("  ".repeat(indent));
    }

    private static void writeString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
