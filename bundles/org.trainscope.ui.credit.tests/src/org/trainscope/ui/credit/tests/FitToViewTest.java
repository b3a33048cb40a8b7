package org.trainscope.ui.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.trainscope.ui.credit.internal.FitToView;

class FitToViewTest {

    @Test
    void aGraphWiderThanTheViewIsScaledToFitAndASmallOneIsNotEnlarged() {
        assertEquals(0.75, FitToView.scale(900, 600, 1200, 400), 1e-12);
        assertEquals(0.5 / 0.8, FitToView.scale(1000, 500, 800, 800), 1e-12);
        assertEquals(1, FitToView.scale(1000, 800, 600, 300), 1e-12);
    }

    @Test
    void legibilityComesFirst() {
        assertEquals(FitToView.MIN_SCALE, FitToView.scale(300, 300, 3000, 400), 1e-12);
        assertEquals(1, FitToView.scale(0, 0, 3000, 400), 1e-12, "not laid out yet: natural size");
    }
}
