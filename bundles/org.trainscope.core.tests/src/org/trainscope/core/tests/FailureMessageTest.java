package org.trainscope.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;
import org.trainscope.core.model.FailureMessage;

/** Issue 16: "Failed: reading neurons 0..2047 of fc1.act: null" named neither the cause nor the run. */
class FailureMessageTest {
    @Test
    void anExceptionWithAMessageMeaningNothingAloneIsNamed() {
        assertEquals("Training dynamics on big/fc1.act: ArithmeticException: integer overflow",
                FailureMessage.of("Training dynamics", "big/fc1.act", new ArithmeticException("integer overflow")));
    }

    @Test
    void aWrapperWithoutAMessageOfItsOwnGivesWayToItsCause() {
        Exception wrapped = new ExecutionException(new RuntimeException(new ArithmeticException("integer overflow")));
        assertEquals("ArithmeticException: integer overflow", FailureMessage.cause(wrapped));
    }

    @Test
    void aCauseWithoutMessageIsNamedAndNullIsNeverShown() {
        Exception e = new UncheckedIOException("reading neurons 0..2047 of fc1.act", new ClosedChannelException());
        String text = FailureMessage.of("Training dynamics", "big/fc1.act", e);
        assertEquals("Training dynamics on big/fc1.act: ClosedChannelException (reading neurons 0..2047 of fc1.act)", text);
        assertFalse(FailureMessage.cause(new NullPointerException()).contains("null"));
        assertEquals("Not drawn: IllegalStateException: no layers", FailureMessage.of("Not drawn", null, new IllegalStateException("no layers")));
    }

    @Test
    void theInnermostCauseComesFirstAndTheWrapperAddsOnlyWhatItSays() {
        Exception e = new UncheckedIOException("reading x: disk on fire", new java.io.IOException("disk on fire"));
        assertEquals("IOException: disk on fire (reading x)", FailureMessage.cause(e));
        Exception f = new IllegalStateException("sampling failed", new ArithmeticException("integer overflow"));
        assertEquals("ArithmeticException: integer overflow (sampling failed)", FailureMessage.cause(f));
    }
}
