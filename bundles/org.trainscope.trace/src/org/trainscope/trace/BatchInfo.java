package org.trainscope.trace;

/** How training-batch sample indices are stored: rows of {@code batchSize} int64, padded with -1. */
public record BatchInfo(int batchSize, int chunkRecords) {
}
