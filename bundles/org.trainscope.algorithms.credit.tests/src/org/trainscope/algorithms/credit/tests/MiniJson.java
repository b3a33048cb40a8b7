package org.trainscope.algorithms.credit.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Just enough JSON (objects, arrays, strings without escapes beyond \", numbers) for the fixtures. */
final class MiniJson {
    private final String s;
    private int pos;

    private MiniJson(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        return new MiniJson(text).value();
    }

    private Object value() {
        skip();
        char c = s.charAt(pos);
        if (c == '{') {
            Map<String, Object> m = new LinkedHashMap<>();
            pos++;
            skip();
            if (s.charAt(pos) == '}') {
                pos++;
                return m;
            }
            while (true) {
                skip();
                String key = string();
                skip();
                pos++; // ':'
                m.put(key, value());
                skip();
                if (s.charAt(pos++) == '}') {
                    return m;
                }
            }
        }
        if (c == '[') {
            List<Object> l = new ArrayList<>();
            pos++;
            skip();
            if (s.charAt(pos) == ']') {
                pos++;
                return l;
            }
            while (true) {
                l.add(value());
                skip();
                if (s.charAt(pos++) == ']') {
                    return l;
                }
            }
        }
        if (c == '"') {
            return string();
        }
        int start = pos;
        while (pos < s.length() && "+-0123456789.eEINaninfty".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        return Double.parseDouble(s.substring(start, pos).replace("Infinity", "Infinity"));
    }

    private String string() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (s.charAt(pos) != '"') {
            if (s.charAt(pos) == '\\') {
                pos++;
            }
            b.append(s.charAt(pos++));
        }
        pos++;
        return b.toString();
    }

    private void skip() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
