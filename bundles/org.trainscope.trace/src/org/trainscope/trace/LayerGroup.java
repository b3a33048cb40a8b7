package org.trainscope.trace;

/** A named group of graph nodes (a layer); {@code name} may be null. */
public record LayerGroup(String id, String name) {
}
