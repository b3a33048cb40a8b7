package org.trainscope.trace;

/** Array ids of the probe inputs and (maybe null) their labels. */
public record ProbeInfo(String inputs, String labels) {
}
