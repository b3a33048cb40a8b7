package org.trainscope.algorithms.credit.tests.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.trainscope.algorithms.credit.Composites;
import org.trainscope.algorithms.credit.provider.CompositeNames;

/** The rule combo speaks the LRP literature's language and still knows the identifiers. */
class CompositeNamesTest {

    @Test
    void everyCompositeHasAReadableNameAndItsIdentifierInTheTooltipAndNote() {
        for (String id : Composites.NAMES) {
            assertNotEquals(id, CompositeNames.name(id), "a readable name for " + id);
            assertEquals(CompositeNames.name(id) + " (" + id + ")", CompositeNames.label(id));
            assertTrue(CompositeNames.description(id).startsWith(id + ": "), "the combo's tooltip names " + id);
        }
        assertEquals("ε-rule everywhere (epsilon)", CompositeNames.label("epsilon"));
        assertEquals("LRP-α1β0 everywhere (alpha1Beta0)", CompositeNames.label("alpha1Beta0"));
        assertEquals("ε dense, γ conv, z^B input", CompositeNames.name("epsilonGammaBox"));
    }
}
