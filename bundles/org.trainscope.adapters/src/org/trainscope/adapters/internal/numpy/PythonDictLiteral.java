package org.trainscope.adapters.internal.numpy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tiny subset of Python literal syntax an npy header uses: a dict of string keys whose values
 * are strings, True/False, or tuples of non-negative ints (returned as long[]). Anything else, such
 * as a structured dtype's list, comes back as a String describing it, for the error message.
 */
final class PythonDictLiteral {
    private final Map<String, Object> entries = new LinkedHashMap<>();
    private final String text;
    private final int base;
    private int pos;

    private PythonDictLiteral(String text, int base) {
        this.text = text;
        this.base = base;
    }

    static PythonDictLiteral parse(String text, int base) throws NpyArrayHeader.Problem {
        PythonDictLiteral d = new PythonDictLiteral(text, base);
        d.parseDict();
        return d;
    }

    Object require(String key) throws NpyArrayHeader.Problem {
        Object v = entries.get(key);
        if (v == null) {
            throw problem("the npy header has no '" + key + "'");
        }
        return v;
    }

    int size() {
        return entries.size();
    }

    Set<String> keys() {
        return entries.keySet();
    }

    private void parseDict() throws NpyArrayHeader.Problem {
        expect('{');
        skipSpaces();
        while (peek() != '}') {
            String key = parseString();
            skipSpaces();
            expect(':');
            skipSpaces();
            Object value = parseValue();
            if (entries.put(key, value) != null) {
                throw problem("the npy header repeats the key '" + key + "'");
            }
            skipSpaces();
            if (peek() == ',') {
                pos++;
                skipSpaces();
            } else if (peek() != '}') {
                throw problem("expected ',' or '}' in the npy header");
            }
        }
        pos++;
        skipSpaces();
        if (pos != text.length()) {
            throw problem("text after the npy header dict");
        }
    }

    private Object parseValue() throws NpyArrayHeader.Problem {
        char c = peek();
        if (c == '\'' || c == '"') {
            return parseString();
        }
        if (c == '(') {
            return parseTuple();
        }
        if (text.startsWith("True", pos)) {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("False", pos)) {
            pos += 5;
            return Boolean.FALSE;
        }
        if (c == '[') {
            int end = text.indexOf(']', pos);
            // a structured dtype; nested brackets make this imprecise, which is fine for a message
            String skipped = text.substring(pos, end < 0 ? text.length() : end + 1);
            pos = end < 0 ? text.length() : end + 1;
            return "list " + (skipped.length() > 40 ? skipped.substring(0, 40) + "..." : skipped);
        }
        throw problem("unexpected '" + c + "' in the npy header");
    }

    private long[] parseTuple() throws NpyArrayHeader.Problem {
        expect('(');
        List<Long> dims = new ArrayList<>();
        skipSpaces();
        while (peek() != ')') {
            dims.add(parseInt());
            if (dims.size() > 64) {
                throw problem("more than 64 dimensions in the npy shape");
            }
            skipSpaces();
            if (peek() == ',') {
                pos++;
                skipSpaces();
            } else if (peek() != ')') {
                throw problem("expected ',' or ')' in the npy shape");
            }
        }
        pos++;
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private long parseInt() throws NpyArrayHeader.Problem {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
            pos++;
        }
        if (pos == start) {
            throw problem("expected a non-negative integer in the npy shape");
        }
        if (pos < text.length() && text.charAt(pos) == 'L') {
            pos++; // Python 2 long suffix, written by old numpy versions
        }
        try {
            return Long.parseLong(text.substring(start, pos - (text.charAt(pos - 1) == 'L' ? 1 : 0)));
        } catch (NumberFormatException e) {
            throw problem("dimension " + text.substring(start, pos) + " is too large");
        }
    }

    private String parseString() throws NpyArrayHeader.Problem {
        char quote = peek();
        if (quote != '\'' && quote != '"') {
            throw problem("expected a quoted string in the npy header");
        }
        int end = text.indexOf(quote, pos + 1);
        if (end < 0) {
            throw problem("unterminated string in the npy header");
        }
        String s = text.substring(pos + 1, end);
        pos = end + 1;
        return s;
    }

    private void expect(char c) throws NpyArrayHeader.Problem {
        if (peek() != c) {
            throw problem("expected '" + c + "' in the npy header");
        }
        pos++;
    }

    private char peek() throws NpyArrayHeader.Problem {
        if (pos >= text.length()) {
            throw problem("the npy header dict ends too early");
        }
        return text.charAt(pos);
    }

    private void skipSpaces() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }

    private NpyArrayHeader.Problem problem(String message) {
        return new NpyArrayHeader.Problem(base + pos, message);
    }
}
