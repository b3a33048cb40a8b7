package org.trainscope.trace.json;

/** A JSON text that breaks RFC 8259 or one of the parser's limits; carries the position. */
public final class JsonSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    JsonSyntaxException(String problem, int line, int column) {
        super("line " + line + ", column " + column + ": " + problem);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
