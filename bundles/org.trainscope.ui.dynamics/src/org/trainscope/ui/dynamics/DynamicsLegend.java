package org.trainscope.ui.dynamics;

import java.util.Locale;
import java.util.function.Consumer;

import org.eclipse.jface.layout.RowLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.trainscope.algorithms.sampling.OutlierLevel;
import org.trainscope.algorithms.sampling.provider.DynamicsColours;

/** One swatch and a name for every colour of the chart, each with a tooltip saying what it marks. */
final class DynamicsLegend {
    private static final int SWATCH_WIDTH = 22;
    private static final int SWATCH_HEIGHT = 12;

    private DynamicsLegend() {
    }

    static Composite create(Composite parent) {
        Composite legend = new Composite(parent, SWT.NONE);
        RowLayoutFactory.fillDefaults().spacing(12).center(true).wrap(true).applyTo(legend);
        entry(legend, "density of all polylines", "How many of ALL polylines pass through each pixel, white (none) to"
                + " grey-blue (the most), on a log scale.", gc -> {
                    for (int x = 0; x < SWATCH_WIDTH; x++) {
                        double t = x == 0 ? 0 : 0.15 + 0.85 * x / (SWATCH_WIDTH - 1.0);
                        fill(gc, DynamicsColours.density(t), x, 0, 1,
                                SWATCH_HEIGHT);
                    }
                });
        entry(legend, "sampled", "A polyline of the sample, drawn over the density.",
                gc -> line(gc, DynamicsColours.LINE, 2));
        entry(legend, "outlier", String.format(Locale.ROOT, "A sampled polyline whose path keeps away from all"
                + " others: over the most isolated tenth of the chart columns it crosses, its mean distance to the"
                + " nearest other polyline is larger than for all but the most isolated %d %% of ALL polylines (a"
                + " level estimated from up to %,d of them). The finite part of a line that turns NaN or infinite"
                + " keeps this colour.", Math.round(100 * OutlierLevel.DEFAULT_FRACTION),
                OutlierLevel.DEFAULT_SUBSAMPLE), gc -> line(gc, DynamicsColours.OUTLIER, 2));
        entry(legend, "turns NaN/Inf", "Where a sampled (or the hovered) polyline turns NaN or infinite: the dot"
                + " sits in the column of its first non-finite value, at the height of its last finite one. The"
                + " triangles above the chart count all polylines turning non-finite at that iteration.", gc -> {
                    Color c = color(DynamicsColours.ONSET);
                    gc.setBackground(c);
                    gc.setAntialias(SWT.ON);
                    gc.fillOval(SWATCH_WIDTH / 2 - 5, SWATCH_HEIGHT / 2 - 5, 10, 10);
                    c.dispose();
                });
        entry(legend, "hovered", "The polyline under the pointer (any drawn polyline, sampled or not).",
                gc -> line(gc, DynamicsColours.HOVER, 3));
        entry(legend, "selected", "Polylines crossing the shift-dragged rectangle (any drawn polyline); they are"
                + " published to the other views as the selected neurons.", gc -> line(gc, DynamicsColours.SELECTION,
                        2));
        return legend;
    }

    private static void entry(Composite legend, String name, String explanation, Consumer<GC> swatch) {
        Composite entry = new Composite(legend, SWT.NONE);
        RowLayoutFactory.fillDefaults().spacing(4).center(true).applyTo(entry);
        Canvas c = new Canvas(entry, SWT.NONE);
        c.setLayoutData(new org.eclipse.swt.layout.RowData(SWATCH_WIDTH, SWATCH_HEIGHT));
        c.addListener(SWT.Paint, e -> {
            e.gc.setBackground(c.getDisplay().getSystemColor(SWT.COLOR_WHITE));
            e.gc.fillRectangle(0, 0, SWATCH_WIDTH, SWATCH_HEIGHT);
            swatch.accept(e.gc);
        });
        Label label = new Label(entry, SWT.NONE);
        label.setText(name);
        c.setToolTipText(explanation);
        label.setToolTipText(explanation);
    }

    private static Color color(int rgb) {
        return new Color(new RGB((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff));
    }

    private static void line(GC gc, int rgb, int width) {
        Color c = color(rgb);
        gc.setForeground(c);
        gc.setLineWidth(width);
        gc.setAntialias(SWT.ON);
        gc.drawPolyline(new int[] { 1, SWATCH_HEIGHT - 3, 8, 3, 14, SWATCH_HEIGHT - 4, SWATCH_WIDTH - 1, 4 });
        c.dispose();
    }

    private static void fill(GC gc, int rgb, int x, int y, int w, int h) {
        Color c = new Color(new RGB((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff));
        gc.setBackground(c);
        gc.fillRectangle(x, y, w, h);
        c.dispose();
    }
}
