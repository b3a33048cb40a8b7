package org.trainscope.algorithms.sampling.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.sampling.provider.DynamicsChartModel;
import org.trainscope.algorithms.sampling.provider.DynamicsChartProvider;
import org.trainscope.algorithms.sampling.provider.DynamicsRequest;
import org.trainscope.core.model.InMemoryTensorSeries;

/**
 * Issue 16: a zoom into the records draws at once. Its own sample takes a candidate pass over the
 * range (seconds on 10 M polylines); meanwhile the preview shows the density of all polylines and the
 * lines of the sample already drawn over the wider range, cut to the zoomed one.
 */
class ZoomPreviewTest {
    private static final int RECORDS = 30;

    @Test
    void aZoomShowsTheWiderRangesLinesWhileItsRangeIsSampled() throws IOException {
        InMemoryTensorSeries tensor = Synthetic.tensor(30_000, RECORDS);
        DynamicsRequest whole = DynamicsRequest.of(null, tensor).withSampler(DynamicsRequest.BLUE_NOISE, 60, 5, Map.of());
        DynamicsChartModel first = DynamicsChartProvider.compute(whole, null);

        DynamicsRequest zoom = whole.withRange(8, 20);
        List<DynamicsChartModel> previews = new ArrayList<>();
        DynamicsChartModel zoomed = DynamicsChartProvider.compute(zoom, previews::add, null);
        assertEquals(1, previews.size(), "the summary is known: one preview, before the range's sampler runs");
        DynamicsChartModel preview = previews.get(0);
        assertTrue(preview.isPreview());
        assertArrayEquals(first.sampled(), preview.sampled(), "the wider range's sample");
        assertEquals(12, preview.length());
        for (int i = 0; i < first.sampled().length; i++) {
            assertArrayEquals(Arrays.copyOfRange(first.sampledPolyline(i), 8, 20), preview.sampledPolyline(i),
                    "polyline " + first.sampled()[i]);
        }
        assertTrue(preview.groups().isEmpty());
        assertTrue(preview.figures().get(0).text().startsWith("lines of the wider range"), preview.figures().toString());
        assertTrue(!zoomed.isPreview() && zoomed.sampled().length == 60);
        assertArrayEquals(DynamicsChartProvider.sample(zoom, null).selectionOrder(), zoomed.selectionOrder(),
                "the zoom's own sample once drawn");

        // another seed over the whole range: the lines of the sample that covers it (not the zoom's, which
        // does not), until the new one is drawn
        previews.clear();
        DynamicsChartProvider.compute(whole.withSampler(DynamicsRequest.BLUE_NOISE, 60, 6, Map.of()), previews::add,
                null);
        assertEquals(1, previews.size());
        assertArrayEquals(first.sampled(), previews.get(0).sampled());
    }
}
