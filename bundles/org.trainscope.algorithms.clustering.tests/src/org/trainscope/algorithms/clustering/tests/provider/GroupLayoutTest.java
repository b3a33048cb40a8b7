package org.trainscope.algorithms.clustering.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.clustering.Rect;
import org.trainscope.algorithms.clustering.provider.GroupLayout;

/** The layer groups' boxes laid out by ELK layered: chains as one column per group, branches side by side. */
class GroupLayoutTest {
    private static final int W = 1200;
    private static final int H = 700;
    private static final int HEADER = 34;
    private static final int FOOTER = 56;

    @Test
    void aChainIsOneFullHeightColumnPerGroupLeftToRight() {
        Rect[] boxes = GroupLayout.boxes(4, List.of(new int[] { 0, 1 }, new int[] { 1, 2 }, new int[] { 2, 3 }), W, H,
                HEADER, FOOTER);
        for (int i = 0; i < 4; i++) {
            assertEquals(HEADER, boxes[i].y(), 1e-9);
            assertEquals(H - HEADER - FOOTER, boxes[i].height(), 1e-9);
            if (i > 0) {
                assertTrue(boxes[i].x() > boxes[i - 1].right(), "left to right with a gap for the bundles");
            }
        }
        assertEquals(8, boxes[0].x(), 1e-9);
        assertEquals(W - 8, boxes[3].right(), 1e-9);
    }

    @Test
    void parallelBranchesShareAColumnAndItsHeight() {
        // 0 -> 1, 0 -> 2, 1 -> 3, 2 -> 3, 0 -> 3 (a skip past the branches): columns {0}, {1, 2}, {3}
        List<int[]> edges = List.of(new int[] { 0, 1 }, new int[] { 0, 2 }, new int[] { 1, 3 }, new int[] { 2, 3 },
                new int[] { 0, 3 });
        Rect[] boxes = GroupLayout.boxes(4, edges, W, H, HEADER, FOOTER);
        assertEquals(boxes[1].x(), boxes[2].x(), 1e-9);
        assertTrue(boxes[1].x() > boxes[0].right() && boxes[3].x() > boxes[1].right());
        assertFalse(boxes[1].overlaps(boxes[2], 0));
        Rect top = boxes[1].y() < boxes[2].y() ? boxes[1] : boxes[2];
        Rect bottom = top == boxes[1] ? boxes[2] : boxes[1];
        assertTrue(bottom.y() - top.bottom() >= HEADER + FOOTER, "room for the labels and the facts of both");
        assertTrue(bottom.bottom() <= H - FOOTER + 1e-9);
        assertEquals(H - HEADER - FOOTER, boxes[0].height(), 1e-9);
        Rect picture = new Rect(0, 0, W, H);
        for (Rect b : boxes) {
            assertTrue(picture.contains(b, 1e-9), b.toString());
        }
    }
}
