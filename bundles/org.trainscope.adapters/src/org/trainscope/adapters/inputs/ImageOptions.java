package org.trainscope.adapters.inputs;

import java.util.Arrays;

/**
 * How images become network inputs, as the user states it: each image is resized to the
 * network's input height and width, its pixels scaled to [0, 1], then normalised per channel as
 * {@code (x - mean[c]) / std[c]} (torchvision's {@code Normalize}; one value applies to every channel).
 *
 * @param colour grey or RGB images, or as the network's input says (1 or 3 channels)
 * @param mean per channel (1 or C values)
 * @param std per channel (1 or C values), none zero
 */
public record ImageOptions(Colour colour, float[] mean, float[] std) {
    /** Grey or colour pixels. */
    public enum Colour {
        /** As many channels as the network's input has: 1 grey, 3 RGB. */
        AS_NETWORK,
        /** One channel, the luminance 0.299 R + 0.587 G + 0.114 B. */
        GREY,
        /** Three channels, red, green, blue. */
        RGB
    }

    /** Pixels in [0, 1], no normalisation, channels as the network's input has them. */
    public static final ImageOptions SCALED = new ImageOptions(Colour.AS_NETWORK, new float[] { 0 }, new float[] { 1 });

    public ImageOptions {
        if (mean.length == 0 || std.length == 0) {
            throw new IllegalArgumentException("give at least one mean and one standard deviation");
        }
        for (float s : std) {
            if (s == 0 || !Float.isFinite(s)) {
                throw new IllegalArgumentException("standard deviations must be finite and not zero: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    float mean(int channel) {
        return mean.length == 1 ? mean[0] : mean[channel];
    }

    float std(int channel) {
        return std.length == 1 ? std[0] : std[channel];
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    @Override
    public String toString() {
        return colour + ", mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std);
    }
}
