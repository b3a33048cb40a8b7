package org.trainscope.trace;

/** A scalar metric declared in the manifest; {@code unit} may be null. */
public record MetricInfo(String name, String unit) {
}
