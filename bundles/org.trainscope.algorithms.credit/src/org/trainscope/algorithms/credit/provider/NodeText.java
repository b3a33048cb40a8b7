package org.trainscope.algorithms.credit.provider;

import java.util.Locale;

/** The text of a neuron's box: layer, neuron index, credit. Shared by sizing and drawing. */
public final class NodeText {
    private NodeText() {
    }

    public static String of(CreditGraph.Node n) {
        return n.layerLabel() + "\n" + n.shortName() + "  " + number(n.value());
    }

    public static String number(float v) {
        if (!Float.isFinite(v)) {
            return Float.toString(v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 1e4 || (v != 0 && Math.abs(v) < 1e-3) ? "%+.2e" : "%+.4f", v);
    }

    /** Box size for a monospace-ish estimate: longest line by character width, lines by line height. */
    public static double[] size(CreditGraph.Node n, double charWidth, double lineHeight) {
        String[] lines = of(n).split("\n");
        int longest = 0;
        for (String l : lines) {
            longest = Math.max(longest, l.length());
        }
        return new double[] { longest * charWidth + 12, lines.length * lineHeight + 8 };
    }
}
