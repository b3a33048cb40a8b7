package org.trainscope.trace.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.trainscope.trace.json.JsonParser;
import org.trainscope.trace.json.JsonSyntaxException;
import org.trainscope.trace.json.JsonWriter;

class JsonParserTest {
    @Test
    void parsesEveryKindOfValue() throws JsonSyntaxException {
        Object v = JsonParser.parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\\u00e9\\n\\ud83d\\ude00\"], \"b\": {}} ", 64);
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1L, -2500.0, true, false, JsonParser.NULL, "xé\n😀"), m.get("a"));
        assertEquals(Map.of(), m.get("b"));
        assertEquals(9.223372036854775807E18, JsonParser.parse("9223372036854775808", 4));
        assertEquals(Long.MAX_VALUE, JsonParser.parse("9223372036854775807", 4));
    }

    @Test
    void readsTheNonFiniteWordsPythonWritesByDefault() throws JsonSyntaxException {
        // json.dumps([float("nan"), float("inf"), -float("inf")]) == '[NaN, Infinity, -Infinity]'
        List<?> values = (List<?>) JsonParser.parse("[NaN, Infinity, -Infinity, -1]", 4);
        assertTrue(Double.isNaN((Double) values.get(0)));
        assertEquals(List.of(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1L), values.subList(1, 4));
        assertEquals(Map.of("loss", Double.NaN).toString(), JsonParser.parse("{\"loss\":NaN}", 4).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[1,]", "{\"a\":1,}", "{'a':1}", "[01]", "nan", "[Inf]", "[+Infinity]", "[-NaN]",
            "[NaNa]", "[Infinityy]", "[1 2]", "{\"a\" 1}",
            "\"unterminated", "\"\\x\"", "\"\\ud800\"", "[1] x", "// c\n1", "{\"a\":1,\"a\":2}", "[-]", "[1.]", "[.5]",
            "\"tab\there\"", "tru", "[1e]"})
    void rejectsWhatRfc8259Rejects(String text) {
        assertThrows(JsonSyntaxException.class, () -> JsonParser.parse(text, 64));
    }

    @Test
    void errorsGiveLineAndColumn() {
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonParser.parse("{\n  \"a\": [1,\n  ]\n}", 64));
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        assertTrue(e.getMessage().startsWith("line 3, column 3: "), e.getMessage());
    }

    @Test
    void absurdNestingIsRejectedWithoutStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        JsonSyntaxException e = assertThrows(JsonSyntaxException.class, () -> JsonParser.parse(deep, 64));
        assertTrue(e.getMessage().contains("nesting deeper than 64"), e.getMessage());
    }

    @Test
    void writerOutputParsesBackToTheSameValue() throws JsonSyntaxException {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("s", "quote\" backslash\\ control\u0001 é");
        value.put("d", List.of(0.1, 1e-300, -3.0, 1.7976931348623157E308, 4.9E-324));
        value.put("n", List.of(Map.of("k", 7L), List.of()));
        assertEquals(value, JsonParser.parse(JsonWriter.compact(value), 64));
        assertEquals(value, JsonParser.parse(JsonWriter.pretty(value), 64));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.compact(List.of(Double.NaN)));
    }
}
