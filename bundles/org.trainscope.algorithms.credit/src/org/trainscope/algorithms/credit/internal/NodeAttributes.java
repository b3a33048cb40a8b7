package org.trainscope.algorithms.credit.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.trainscope.core.model.Node;

/**
 * Reads operator attributes that recorders spell differently: "3", "[3, 3]", "(3,3)" or "3,3"
 * for a kernel size; "kernel" or PyTorch's "kernel_size". The first name present wins.
 */
public final class NodeAttributes {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d*)?([eE][-+]?\\d+)?");

    private NodeAttributes() {
    }

    /** A (height, width) pair; a single number stands for both. */
    public static int[] pair(Node node, int[] fallback, String... names) {
        String text = text(node, null, names);
        if (text == null) {
            return fallback.clone();
        }
        List<Integer> values = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            values.add((int) Double.parseDouble(m.group()));
        }
        if (values.isEmpty() || values.size() > 2) {
            throw new IllegalArgumentException("node " + node.id() + ": attribute " + names[0] + "='" + text
                    + "' is not one or two integers");
        }
        return values.size() == 1 ? new int[] { values.get(0), values.get(0) }
                : new int[] { values.get(0), values.get(1) };
    }

    /** All integers of a list attribute such as "[-1, 4, 4]". */
    public static int[] integers(Node node, String... names) {
        String text = text(node, null, names);
        if (text == null) {
            return null;
        }
        List<Integer> values = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            values.add((int) Double.parseDouble(m.group()));
        }
        return values.stream().mapToInt(Integer::intValue).toArray();
    }

    public static double number(Node node, double fallback, String... names) {
        String text = text(node, null, names);
        return text == null ? fallback : Double.parseDouble(text.trim());
    }

    public static String text(Node node, String fallback, String... names) {
        for (String name : names) {
            String v = node.attributes().get(name);
            if (v != null && !v.isBlank() && !v.equals("null")) {
                return v;
            }
        }
        return fallback;
    }
}
