package org.trainscope.ui.internal.probe;

import org.trainscope.core.model.ProbeImageLayout;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.trainscope.core.render.GreyLevels;

/**
 * The probe batch as pictures: one {@link ImageData} per sample (its C grey tiles side by side,
 * or one colour image), ready to wrap in SWT images on the UI thread. Every sample uses the same
 * value-to-brightness mapping ({@link GreyLevels}), the finite minimum and maximum of the whole batch (black … white),
 * so samples can be compared. Non-finite pixels are data, not noise: NaN is drawn magenta and
 * ±Inf red, and counted per sample.
 *
 * @param layout how the batch is read
 * @param images one picture per sample
 * @param nonFinite non-finite values per sample
 * @param low the finite minimum (black)
 * @param high the finite maximum (white)
 */
public record ProbePictures(ProbeImageLayout layout, ImageData[] images, int[] nonFinite, double low, double high) {
    /** Pixels between the tiles of a sample's channels. */
    public static final int TILE_GAP = 2;
    public static final int NAN_RGB = 0xFF00FF;
    public static final int INF_RGB = 0xE00000;
    private static final int GAP_RGB = 0xFFFFFF;

    /** Draws {@code values} (the whole batch, C-order) as {@code layout} says. */
    public static ProbePictures of(ProbeImageLayout layout, float[] values) {
        GreyLevels grey = GreyLevels.spanning(values, 0, Math.min(values.length, layout.count() * layout.valuesPerSample()));
        ImageData[] images = new ImageData[layout.count()];
        int[] nonFinite = new int[layout.count()];
        for (int p = 0; p < layout.count(); p++) {
            images[p] = picture(layout, values, p, grey, nonFinite);
        }
        return new ProbePictures(layout, images, nonFinite, grey.low(), grey.high());
    }

    private static ImageData picture(ProbeImageLayout l, float[] values, int p, GreyLevels grey, int[] nonFinite) {
        int tiles = l.tilesPerSample();
        int width = tiles * l.width() + (tiles - 1) * TILE_GAP;
        ImageData image = new ImageData(width, l.height(), 24, new PaletteData(0xFF0000, 0xFF00, 0xFF));
        if (tiles > 1) {
            for (int y = 0; y < l.height(); y++) {
                for (int x = 0; x < width; x++) {
                    image.setPixel(x, y, GAP_RGB);
                }
            }
        }
        for (int y = 0; y < l.height(); y++) {
            for (int x = 0; x < l.width(); x++) {
                if (l.rgb()) {
                    int rgb = 0;
                    boolean bad = false;
                    for (int c = 0; c < 3; c++) {
                        float v = value(values, l.index(p, c, y, x));
                        bad |= !Float.isFinite(v);
                        rgb = (rgb << 8) | grey.level(v);
                    }
                    if (bad) {
                        nonFinite[p]++;
                        rgb = markOf(values, l, p, y, x);
                    }
                    image.setPixel(x, y, rgb);
                } else {
                    for (int c = 0; c < l.channels(); c++) {
                        float v = value(values, l.index(p, c, y, x));
                        int rgb;
                        if (Float.isFinite(v)) {
                            rgb = grey.rgb(v);
                        } else {
                            nonFinite[p]++;
                            rgb = Float.isNaN(v) ? NAN_RGB : INF_RGB;
                        }
                        image.setPixel(c * (l.width() + TILE_GAP) + x, y, rgb);
                    }
                }
            }
        }
        return image;
    }

    private static int markOf(float[] values, ProbeImageLayout l, int p, int y, int x) {
        for (int c = 0; c < 3; c++) {
            if (Float.isNaN(value(values, l.index(p, c, y, x)))) {
                return NAN_RGB;
            }
        }
        return INF_RGB;
    }

    private static float value(float[] values, int i) {
        return i < values.length ? values[i] : Float.NaN;
    }

    /**
     * What sample {@code p} holds under pixel ({@code px}, {@code py}) of its picture: "channel 2,
     * y 3, x 14: 0.82", "y 3, x 14: (0.1, 0.5, 0.9)" for colour; null in the gap between tiles.
     */
    public static String describeAt(ProbeImageLayout l, float[] values, int p, int px, int py) {
        int tile = l.rgb() ? 0 : px / (l.width() + TILE_GAP);
        int x = l.rgb() ? px : px % (l.width() + TILE_GAP);
        if (px < 0 || py < 0 || py >= l.height() || x >= l.width() || tile >= l.tilesPerSample()) {
            return null;
        }
        String where = "y " + py + ", x " + x;
        if (l.rgb()) {
            return where + ": (" + value(values, l.index(p, 0, py, x)) + ", " + value(values, l.index(p, 1, py, x))
                    + ", " + value(values, l.index(p, 2, py, x)) + ")";
        }
        return (l.channels() > 1 ? "channel " + tile + ", " : "") + where + ": " + value(values, l.index(p, tile, py, x));
    }
}
