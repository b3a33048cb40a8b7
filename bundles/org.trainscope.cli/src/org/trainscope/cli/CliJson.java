package org.trainscope.cli;

import java.io.PrintStream;

import org.trainscope.trace.json.JsonWriter;

/**
 * {@code --json} output, written with the product's one JSON codec ({@link JsonWriter}): build
 * the document from {@link java.util.LinkedHashMap}s (member order is kept), {@link java.util.List}s,
 * strings, booleans and numbers. JSON has no NaN or infinity; {@link #number(double)} writes them
 * as the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}, as the trace format does.
 */
public final class CliJson {
    private CliJson() {
    }

    /** Prints one JSON document, indented, ending with a newline. */
    public static void print(PrintStream out, Object document) {
        out.print(JsonWriter.pretty(document));
        out.flush();
    }

    /** The value as a JSON number, or as "NaN"/"Infinity"/"-Infinity" when it is not finite. */
    public static Object number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return value;
    }
}
