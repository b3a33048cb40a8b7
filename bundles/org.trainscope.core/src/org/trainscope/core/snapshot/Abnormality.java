package org.trainscope.core.snapshot;

/**
 * How abnormal a node is at the current iteration ({@link AbnormalityScore} says how it is scored).
 *
 * @param score 0 when nothing stands out (or there is no history to compare with), a robust
 *        z-score (at most {@link AbnormalityScore#MAX_Z}) for a finite change, above
 *        {@link AbnormalityScore#NON_FINITE} when non-finite values appeared
 * @param tensorId the tensor that gave the score, "" when none did
 * @param reason the score in words ("mean |value| ×1.2e+03 against its earlier median, z = 30.1")
 * @param growth the current mean |value| of that tensor divided by the median of its history (NaN when unknown)
 */
public record Abnormality(double score, String tensorId, String reason, double growth) {

    public static final Abnormality NONE = new Abnormality(0, "", "", Double.NaN);
}
