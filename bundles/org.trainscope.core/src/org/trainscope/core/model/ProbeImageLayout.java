package org.trainscope.core.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a probe batch of shape {@code [P, ...]} is read as P pictures. Decided from the shape
 * alone, in this order:
 * <ul>
 * <li>{@code [P, 1, H, W]} and {@code [P, H, W]}: grey images;</li>
 * <li>{@code [P, 3, H, W]}: colour images (channels first, as PyTorch and DL4J store them);</li>
 * <li>{@code [P, C, H, W]} with another C: each channel a grey image, side by side;</li>
 * <li>{@code [P, N]} with N a square (784 = 28²): grey images of √N × √N, rows one after the
 * other (a flattened {@code [1, H, W]}); with N = 3·s²: colour images of s × s, channel by
 * channel (a flattened {@code [3, H, W]});</li>
 * <li>anything else is not a picture (text, tabular data) and is not drawn.</li>
 * </ul>
 * Values are read C-order: sample p's value (c, y, x) is at {@code ((p·C + c)·H + y)·W + x}.
 *
 * @param count P, the number of probe inputs
 * @param channels C
 * @param height H
 * @param width W
 * @param rgb true when the C = 3 channels are red, green, blue; false when each is a grey image
 * @param reading how the shape was read, in words, for the view's header
 */
public record ProbeImageLayout(int count, int channels, int height, int width, boolean rgb, String reading) {

    /** The layout of a batch of {@code shape}, or empty when its samples are not pictures. */
    public static Optional<ProbeImageLayout> of(int[] shape) {
        if (shape.length < 2 || Arrays.stream(shape).anyMatch(d -> d < 1)) {
            return Optional.empty();
        }
        int p = shape[0];
        String s = Arrays.toString(shape);
        return switch (shape.length) {
            case 4 -> Optional.of(new ProbeImageLayout(p, shape[1], shape[2], shape[3], shape[1] == 3,
                    s + ": " + (shape[1] == 1 ? "grey images" : shape[1] == 3 ? "colour images (RGB, channels first)"
                            : shape[1] + " channels, each a grey image") + " of " + shape[2] + "×" + shape[3]));
            case 3 -> Optional.of(new ProbeImageLayout(p, 1, shape[1], shape[2], false,
                    s + ": grey images of " + shape[1] + "×" + shape[2]));
            case 2 -> flat(p, shape[1], s);
            default -> Optional.empty();
        };
    }

    private static Optional<ProbeImageLayout> flat(int p, int n, String s) {
        int side = exactSquareRoot(n);
        if (side > 1) {
            return Optional.of(new ProbeImageLayout(p, 1, side, side, false,
                    s + ": each row of " + n + " = " + side + "² values a grey image of " + side + "×" + side));
        }
        int colourSide = n % 3 == 0 ? exactSquareRoot(n / 3) : -1;
        if (colourSide > 1) {
            return Optional.of(new ProbeImageLayout(p, 3, colourSide, colourSide, true, s + ": each row of " + n
                    + " = 3·" + colourSide + "² values a colour image of " + colourSide + "×" + colourSide
                    + " (channel by channel)"));
        }
        return Optional.empty();
    }

    private static int exactSquareRoot(int n) {
        int r = (int) Math.round(Math.sqrt(n));
        return r * r == n ? r : -1;
    }

    /** Values per sample. */
    public int valuesPerSample() {
        return channels * height * width;
    }

    /** Grey tiles drawn per sample: 1 for grey and colour images, C for other channel counts. */
    public int tilesPerSample() {
        return rgb ? 1 : channels;
    }

    /** Index into the batch of sample {@code p}'s value at channel {@code c}, row {@code y}, column {@code x}. */
    public int index(int p, int c, int y, int x) {
        return ((p * channels + c) * height + y) * width + x;
    }
}
