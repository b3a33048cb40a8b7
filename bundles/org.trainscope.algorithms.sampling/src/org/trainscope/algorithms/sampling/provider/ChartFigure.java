package org.trainscope.algorithms.sampling.provider;

/**
 * One figure of the chart's header ("min distance 0.0123"), with what it means for the tooltip.
 *
 * @param text        as shown
 * @param explanation what the figure measures and which way is better
 */
public record ChartFigure(String text, String explanation) {
}
