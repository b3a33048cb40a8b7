package org.trainscope.trace;

/** A data-flow edge between two graph nodes, by id. */
public record GraphEdge(String from, String to) {
}
