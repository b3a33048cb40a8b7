package org.trainscope.recorders.dl4j;

/** A score anomaly seen at {@code iteration}: the score then and why it counts as one. */
public record Anomaly(long iteration, double score, String reason) {
}
