package org.trainscope.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.eclipse.swt.graphics.ImageData;
import org.junit.jupiter.api.Test;
import org.trainscope.core.model.ProbeImageLayout;
import org.trainscope.ui.internal.probe.ProbePictures;

/** How probe batches are read as pictures, and how values (NaN and Inf included) become pixels. */
class ProbePicturesTest {

    private static ProbeImageLayout layout(int... shape) {
        return ProbeImageLayout.of(shape).orElseThrow(() -> new AssertionError("not pictures"));
    }

    @Test
    void shapesAreReadAsGreyColourOrPerChannelPictures() {
        ProbeImageLayout flat = layout(16, 784); // DL4J's Fashion-MNIST probe
        assertEquals(28, flat.height());
        assertEquals(28, flat.width());
        assertEquals(1, flat.channels());
        assertTrue(flat.reading().contains("784 = 28²"), flat.reading());
        ProbeImageLayout nchw = layout(16, 1, 28, 28); // PyTorch's
        assertEquals(1, nchw.tilesPerSample());
        ProbeImageLayout rgb = layout(4, 3, 32, 32);
        assertTrue(rgb.rgb());
        assertEquals(1, rgb.tilesPerSample());
        ProbeImageLayout flatRgb = layout(4, 3072); // 3·32²
        assertTrue(flatRgb.rgb() && flatRgb.height() == 32, flatRgb.toString());
        ProbeImageLayout channels = layout(2, 5, 7, 7);
        assertEquals(5, channels.tilesPerSample());
        assertEquals(layout(8, 28, 28).height(), 28);
        assertEquals(Optional.empty(), ProbeImageLayout.of(new int[] { 16, 10 })); // tabular: not a square
        assertEquals(Optional.empty(), ProbeImageLayout.of(new int[] { 16 }));
        assertEquals(Optional.empty(), ProbeImageLayout.of(new int[] { 2, 3, 4, 5, 6 }));
    }

    @Test
    void oneBrightnessScaleForTheBatchAndNonFinitePixelsMarked() {
        ProbeImageLayout l = layout(2, 2, 2); // two 2×2 grey pictures
        float[] values = { 0, 1, 2, 4, Float.NaN, 4, Float.POSITIVE_INFINITY, 2 };
        ProbePictures p = ProbePictures.of(l, values);
        assertEquals(0, p.low());
        assertEquals(4, p.high());
        ImageData first = p.images()[0];
        assertEquals(0x000000, first.getPixel(0, 0)); // 0: black
        assertEquals(0xFFFFFF, first.getPixel(1, 1)); // 4: white, the same scale in both pictures
        assertEquals(0x808080, first.getPixel(0, 1)); // 2: mid grey (row 1, column 0)
        ImageData second = p.images()[1];
        assertEquals(ProbePictures.NAN_RGB, second.getPixel(0, 0));
        assertEquals(ProbePictures.INF_RGB, second.getPixel(0, 1));
        assertEquals(0xFFFFFF, second.getPixel(1, 0));
        assertEquals(0, p.nonFinite()[0]);
        assertEquals(2, p.nonFinite()[1]);
        assertEquals("y 1, x 0: Infinity", ProbePictures.describeAt(l, values, 1, 0, 1));
    }

    @Test
    void channelsAreTilesSideBySide() {
        ProbeImageLayout l = layout(1, 2, 1, 2); // one sample, 2 channels of 1×2
        float[] values = { 0, 1, 1, 0 };
        ImageData image = ProbePictures.of(l, values).images()[0];
        assertEquals(2 * 2 + ProbePictures.TILE_GAP, image.width);
        assertEquals(0xFFFFFF, image.getPixel(1, 0));
        assertEquals(0xFFFFFF, image.getPixel(2 + ProbePictures.TILE_GAP, 0)); // channel 1, x 0
        assertEquals("channel 1, y 0, x 1: 0.0", ProbePictures.describeAt(l, values, 0, 2 + ProbePictures.TILE_GAP + 1,
                0));
        assertEquals(null, ProbePictures.describeAt(l, values, 0, 2, 0)); // the gap
    }
}
