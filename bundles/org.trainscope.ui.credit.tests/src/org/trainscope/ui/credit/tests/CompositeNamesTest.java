package org.trainscope.ui.credit.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.ui.credit.internal.CompositeNames;

/** The rule combo speaks the LRP literature's language and still knows the identifiers. */
class CompositeNamesTest {

    @Test
    void everyCompositeHasAReadableNameWithItsIdentifierInParentheses() {
        for (String id : Composites.NAMES) {
            String label = CompositeNames.label(id);
            assertNotEquals(id, label, "a readable name for " + id);
            assertTrue(label.endsWith("(" + id + ")"), label);
            assertEquals(id, CompositeNames.id(label));
        }
        assertEquals("ε-rule everywhere (epsilon)", CompositeNames.label("epsilon"));
        assertEquals("LRP-α1β0 everywhere (alpha1Beta0)", CompositeNames.label("alpha1Beta0"));
        assertTrue(CompositeNames.label("epsilonGammaBox").contains("z^B input layer"));
    }
}
