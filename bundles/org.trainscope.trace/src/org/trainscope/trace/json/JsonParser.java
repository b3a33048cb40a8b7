package org.trainscope.trace.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON parser with one extension. Objects become {@link LinkedHashMap}s, arrays
 * {@link ArrayList}s, integers without fraction or exponent {@link Long} (when they fit), other
 * numbers {@link Double}, {@code null} becomes {@link #NULL}. Duplicate keys, trailing commas,
 * comments, leading zeros, control characters in strings and lone surrogates are rejected, because
 * a trace written by one tool must mean the same thing to every other tool.
 * <p>
 * The extension: the bare words {@code NaN}, {@code Infinity} and {@code -Infinity} are read as
 * the {@link Double} values they name. Python's {@code json.dumps} writes them by default, and
 * the values a trace exists to show (a loss that turned NaN) must not cost the records that carry
 * them (docs/trace-format.md §8). Nothing else outside RFC 8259 is accepted.
 */
public final class JsonParser {
    /** The JSON {@code null} value, distinct from a missing member. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private final String text;
    private final int maxDepth;
    private int pos;
    private int depth;

    private JsonParser(String text, int maxDepth) {
        this.text = text;
        this.maxDepth = maxDepth;
    }

    /** Parses one complete JSON value; whitespace may surround it, nothing else. */
    public static Object parse(String text, int maxDepth) throws JsonSyntaxException {
        JsonParser parser = new JsonParser(text, maxDepth);
        parser.skipWhitespace();
        Object value = parser.readValue();
        parser.skipWhitespace();
        if (parser.pos != text.length()) {
            throw parser.error("unexpected content after the JSON value");
        }
        return value;
    }

    private Object readValue() throws JsonSyntaxException {
        if (pos >= text.length()) {
            throw error("unexpected end of text, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return readObject();
            case '[':
                return readArray();
            case '"':
                return readString();
            case 't':
                expectWord("true");
                return Boolean.TRUE;
            case 'f':
                expectWord("false");
                return Boolean.FALSE;
            case 'n':
                expectWord("null");
                return NULL;
            case 'N':
                expectWord("NaN");
                return Double.NaN;
            case 'I':
                expectWord("Infinity");
                return Double.POSITIVE_INFINITY;
            default:
                if (c == '-' && text.startsWith("-I", pos)) {
                    expectWord("-Infinity");
                    return Double.NEGATIVE_INFINITY;
                }
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected character " + describe(c) + ", expected a value");
        }
    }

    private Map<String, Object> readObject() throws JsonSyntaxException {
        enterNesting();
        pos++; // '{'
        Map<String, Object> members = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a member name in double quotes");
            }
            int keyLine = pos;
            String key = readString();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object value = readValue();
            if (members.putIfAbsent(key, value) != null) {
                pos = keyLine;
                throw error("duplicate member name \"" + key + "\"");
            }
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return members;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in object");
            }
        }
    }

    private List<Object> readArray() throws JsonSyntaxException {
        enterNesting();
        pos++; // '['
        List<Object> items = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return items;
        }
        while (true) {
            skipWhitespace();
            items.add(readValue());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return items;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in array");
            }
        }
    }

    private void enterNesting() throws JsonSyntaxException {
        if (++depth > maxDepth) {
            throw error("nesting deeper than " + maxDepth + " levels");
        }
    }

    private String readString() throws JsonSyntaxException {
        pos++; // opening quote
        StringBuilder sb = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String s = sb == null ? text.substring(start, pos) : sb.append(text, start, pos).toString();
                pos++;
                return s;
            }
            if (c < 0x20) {
                throw error("control character " + describe(c) + " in string");
            }
            if (Character.isSurrogate(c)) {
                checkSurrogatePair(c);
                pos += 2;
                continue;
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(text, start, pos);
                pos++;
                readEscape(sb);
                start = pos;
                continue;
            }
            pos++;
        }
    }

    private void checkSurrogatePair(char c) throws JsonSyntaxException {
        boolean paired = Character.isHighSurrogate(c) && pos + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(pos + 1));
        if (!paired) {
            throw error("unpaired surrogate in string");
        }
    }

    private void readEscape(StringBuilder sb) throws JsonSyntaxException {
        if (pos >= text.length()) {
            throw error("unterminated escape");
        }
        char e = text.charAt(pos++);
        switch (e) {
            case '"': sb.append('"'); break;
            case '\\': sb.append('\\'); break;
            case '/': sb.append('/'); break;
            case 'b': sb.append('\b'); break;
            case 'f': sb.append('\f'); break;
            case 'n': sb.append('\n'); break;
            case 'r': sb.append('\r'); break;
            case 't': sb.append('\t'); break;
            case 'u': {
                char unit = readHex4();
                if (Character.isHighSurrogate(unit)) {
                    if (!text.startsWith("\\u", pos)) {
                        throw error("unpaired surrogate escape");
                    }
                    pos += 2;
                    char low = readHex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw error("unpaired surrogate escape");
                    }
                    sb.append(unit).append(low);
                } else if (Character.isLowSurrogate(unit)) {
                    throw error("unpaired surrogate escape");
                } else {
                    sb.append(unit);
                }
                break;
            }
            default:
                pos--;
                throw error("invalid escape \\" + e);
        }
    }

    private char readHex4() throws JsonSyntaxException {
        if (pos + 4 > text.length()) {
            throw error("truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos + i), 16);
            if (digit < 0) {
                throw error("invalid hex digit in \\u escape");
            }
            value = value * 16 + digit;
        }
        pos += 4;
        return (char) value;
    }

    private Object readNumber() throws JsonSyntaxException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in number");
            }
        } else if (isDigit(peek())) {
            skipDigits();
        } else {
            throw error("expected a digit");
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            skipDigits();
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in exponent");
            }
            skipDigits();
        }
        String literal = text.substring(start, pos);
        if (integral && literal.length() <= 19) {
            try {
                return Long.parseLong(literal);
            } catch (NumberFormatException tooBig) {
                // falls through to double: the caller rejects it where an int is required
            }
        }
        return Double.parseDouble(literal);
    }

    private void skipDigits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void expectWord(String word) throws JsonSyntaxException {
        if (!text.startsWith(word, pos)) {
            throw error("invalid literal, expected " + word);
        }
        pos += word.length();
    }

    private void expect(char c) throws JsonSyntaxException {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    /** The character at the cursor, or NUL at the end (NUL can never be valid there anyway). */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7f ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private JsonSyntaxException error(String problem) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(pos, text.length());
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new JsonSyntaxException(problem, line, end - lineStart + 1);
    }
}
