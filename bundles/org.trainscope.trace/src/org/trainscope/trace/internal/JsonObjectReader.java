package org.trainscope.trace.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.trainscope.trace.TraceFormatException;
import org.trainscope.trace.json.JsonParser;

/**
 * Typed access to the members of one parsed JSON object, so that every "wrong type" error names
 * the file and the member path ({@code tensors[2].shape[1]}) without repeating that logic.
 */
public final class JsonObjectReader {
    private final Map<String, Object> members;
    private final String path;
    private final Path file;

    @SuppressWarnings("unchecked")
    public JsonObjectReader(Object value, String path, Path file) throws TraceFormatException {
        if (!(value instanceof Map)) {
            throw new TraceFormatException(file, where(path) + "must be a JSON object, found " + typeOf(value));
        }
        this.members = (Map<String, Object>) value;
        this.path = path;
        this.file = file;
    }

    public boolean has(String key) {
        Object v = members.get(key);
        return v != null && v != JsonParser.NULL;
    }

    public Object raw(String key) {
        return members.get(key);
    }

    public String string(String key) throws TraceFormatException {
        return (String) require(key, String.class, "a string");
    }

    /** The string, or null when absent or JSON null. */
    public String optString(String key) throws TraceFormatException {
        return has(key) ? string(key) : null;
    }

    public long integer(String key, long min, long max) throws TraceFormatException {
        return checkInteger(require(key, Object.class, "an integer"), member(key), min, max);
    }

    public boolean bool(String key) throws TraceFormatException {
        return (Boolean) require(key, Boolean.class, "true or false");
    }

    public JsonObjectReader object(String key) throws TraceFormatException {
        return new JsonObjectReader(require(key, Map.class, "an object"), member(key), file);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> rawObject(String key) throws TraceFormatException {
        return (Map<String, Object>) require(key, Map.class, "an object");
    }

    /** The elements of an array member as object readers. */
    public List<JsonObjectReader> objects(String key) throws TraceFormatException {
        List<?> items = (List<?>) require(key, List.class, "an array");
        List<JsonObjectReader> readers = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            readers.add(new JsonObjectReader(items.get(i), member(key) + "[" + i + "]", file));
        }
        return readers;
    }

    /** An array of integers in [min, max]. */
    public List<Integer> integers(String key, int min, int max) throws TraceFormatException {
        List<?> items = (List<?>) require(key, List.class, "an array");
        List<Integer> values = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            values.add((int) checkInteger(items.get(i), member(key) + "[" + i + "]", min, max));
        }
        return values;
    }

    /** Names a member below this object, for error messages. */
    public String member(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public TraceFormatException error(String key, String problem) {
        return new TraceFormatException(file, where(member(key)) + problem);
    }

    private Object require(String key, Class<?> type, String expected) throws TraceFormatException {
        if (!members.containsKey(key)) {
            throw new TraceFormatException(file, "missing member \"" + member(key) + "\"");
        }
        Object value = members.get(key);
        if (!type.isInstance(value) || value == JsonParser.NULL) {
            throw new TraceFormatException(file, where(member(key)) + "must be " + expected + ", found " + typeOf(value));
        }
        return value;
    }

    private long checkInteger(Object value, String where, long min, long max) throws TraceFormatException {
        if (!(value instanceof Long)) {
            throw new TraceFormatException(file, where(where) + "must be an integer, found " + typeOf(value));
        }
        long v = (Long) value;
        if (v < min || v > max) {
            throw new TraceFormatException(file, where(where) + "must be in [" + min + ", " + max + "], found " + v);
        }
        return v;
    }

    private static String where(String path) {
        return path.isEmpty() ? "" : "\"" + path + "\" ";
    }

    static String typeOf(Object value) {
        if (value == null || value == JsonParser.NULL) {
            return "null";
        } else if (value instanceof String) {
            return "a string";
        } else if (value instanceof Long) {
            return "an integer (" + value + ")";
        } else if (value instanceof Double) {
            return "a number (" + value + ")";
        } else if (value instanceof Boolean) {
            return value.toString();
        } else if (value instanceof Map) {
            return "an object";
        } else {
            return "an array";
        }
    }
}
